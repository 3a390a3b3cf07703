import type { Db } from '../../db/client';
import { newId } from '../../db/ids';
import { catalogUnitAmount } from '../../db/seed/catalog';
import { createAccount } from './realms';

/**
 * WF-4 fixtures: a fresh account (unique email addresses, MailDev being shared) with one active
 * subscription whose current period ends `endsInMs` from now — months-long periods are data, so the
 * renewal falls due within the test.
 */
export async function accountWithRenewal(db: Db, opts: { kind?: 'online' | 'corporate'; endsInMs: number; product?: 'meeting' | 'webinar'; seats?: number; frequency?: 'monthly' | 'annual'; portalLoginId?: string }) {
  const kind = opts.kind ?? 'online';
  const people = await createAccount(db, { kind, ...(opts.portalLoginId ? { portalLoginId: opts.portalLoginId } : {}) });
  const product = opts.product ?? 'meeting';
  const frequency = opts.frequency ?? (kind === 'corporate' ? 'annual' : 'monthly');
  const seats = opts.seats ?? 3;
  const end = new Date(Date.now() + opts.endsInMs);
  const start = new Date(end.getTime() - (frequency === 'monthly' ? 30 : 365) * 86_400_000);
  const subscriptionId = newId('sub');
  const unit = catalogUnitAmount(product, 'business', frequency, 'USD');
  await db
    .insertInto('subscriptions')
    .values({
      id: subscriptionId, account_id: people.accountId, product_id: `prd_${product}`, tier_id: `tier_${product}_business`, seats, frequency, status: 'active',
      current_period_start: start, current_period_end: end, last_charge_amount: BigInt(seats) * unit, currency: 'USD',
    })
    .execute();
  if (kind === 'corporate') {
    await db.updateTable('accounts').set({ contract_start: start, contract_end: end }).where('id', '=', people.accountId).execute();
  }
  return { ...people, subscriptionId, productId: `prd_${product}`, periodStart: start, periodEnd: end, unit, seats };
}
