import type { Db } from '../../db/client';
import { isCheckViolation, isForeignKeyViolation } from '../../db/client';
import { userError } from '../errors';

export interface SeatsView {
  subscriptionId: string;
  productName: string;
  status: string;
  seats: number;
  assigned: number;
  users: Array<{ id: string; name: string; email: string; assigned: boolean }>;
}

async function subscriptionOf(db: Db, accountId: string, subscriptionId: string) {
  const sub = await db
    .selectFrom('subscriptions as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select(['s.id', 's.seats', 's.status', 'p.name as product_name'])
    .where('s.id', '=', subscriptionId)
    .where('s.account_id', '=', accountId)
    .executeTakeFirst();
  if (!sub) throw userError('NOT_FOUND', 'errors.subscription.notFound');
  return sub;
}

/** BC-6: who holds a seat of this subscription, among the account's users. */
export async function listSeats(db: Db, accountId: string, subscriptionId: string): Promise<SeatsView> {
  const sub = await subscriptionOf(db, accountId, subscriptionId);
  const users = await db.selectFrom('users').select(['id', 'name', 'email']).where('account_id', '=', accountId).where('disabled_at', 'is', null).orderBy('name').execute();
  const held = new Set((await db.selectFrom('seat_assignments').select('user_id').where('subscription_id', '=', subscriptionId).execute()).map((r) => r.user_id));
  return {
    subscriptionId: sub.id,
    productName: sub.product_name,
    status: sub.status,
    seats: sub.seats,
    assigned: held.size,
    users: users.map((u) => ({ ...u, assigned: held.has(u.id) })),
  };
}

/**
 * BC-6: gives a user a seat. The database guard (which locks the subscription row) refuses more
 * assignments than purchased seats, so concurrent requests can never over-assign.
 */
export async function assignSeat(db: Db, input: { accountId: string; subscriptionId: string; userId: string }) {
  const sub = await subscriptionOf(db, input.accountId, input.subscriptionId);
  if (sub.status !== 'active' && sub.status !== 'trial') throw userError('CONFLICT', 'errors.seats.notActive', { product: sub.product_name });
  const user = await db.selectFrom('users').select('id').where('id', '=', input.userId).where('account_id', '=', input.accountId).executeTakeFirst();
  if (!user) throw userError('NOT_FOUND', 'errors.user.notFound');
  try {
    await db
      .insertInto('seat_assignments')
      .values({ subscription_id: sub.id, user_id: user.id })
      .onConflict((oc) => oc.columns(['subscription_id', 'user_id']).doNothing())
      .execute();
  } catch (err) {
    if (isCheckViolation(err, 'seat_assignments_within_seats')) {
      throw userError('CONFLICT', 'errors.seats.noFreeSeat', { seats: sub.seats, product: sub.product_name }, { reason: 'no_free_seat' });
    }
    if (isForeignKeyViolation(err) || isCheckViolation(err, 'seat_assignments_same_account')) throw userError('NOT_FOUND', 'errors.user.notFound');
    throw err;
  }
  return listSeats(db, input.accountId, input.subscriptionId);
}

export async function unassignSeat(db: Db, input: { accountId: string; subscriptionId: string; userId: string }) {
  await subscriptionOf(db, input.accountId, input.subscriptionId);
  await db.deleteFrom('seat_assignments').where('subscription_id', '=', input.subscriptionId).where('user_id', '=', input.userId).execute();
  return listSeats(db, input.accountId, input.subscriptionId);
}
