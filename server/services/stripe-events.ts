import type { Db } from '../../db/client';

/** Stripe delivers at least once: the event id is the key that makes a redelivery a no-op. */
export async function recordStripeEvent(db: Db, event: { id: string; type: string }): Promise<boolean> {
  const res = await db
    .insertInto('stripe_events')
    .values({ id: event.id, type: event.type })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return (res.numInsertedOrUpdatedRows ?? 0n) > 0n;
}
