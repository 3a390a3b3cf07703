import type { DbOrTrx } from '../../db/client';

/**
 * A request's replies in order, as both sides show them: who wrote each (the staff member's or the
 * contact's name), whether it resolved the request, and the quote it answered with (CP-14).
 */
export async function requestThread(db: DbOrTrx, requestId: string) {
  const rows = await db
    .selectFrom('request_messages as m')
    .leftJoin('staff as s', 's.id', 'm.author_staff_id')
    .leftJoin('users as u', 'u.id', 'm.author_user_id')
    .leftJoin('quotes as q', 'q.id', 'm.quote_id')
    .select(['m.id', 'm.author_realm', 'm.kind', 'm.body', 'm.created_at', 's.name as staff_name', 'u.name as user_name', 'q.id as quote_id', 'q.number as quote_number'])
    .where('m.request_id', '=', requestId)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  return rows.map((m) => ({
    id: m.id,
    fromStaff: m.author_realm === 'staff',
    author: m.author_realm === 'staff' ? m.staff_name : m.user_name,
    kind: m.kind,
    body: m.body,
    createdAt: m.created_at,
    quote: m.quote_id ? { id: m.quote_id, number: m.quote_number! } : null,
  }));
}
