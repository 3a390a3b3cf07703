import type { Trx } from '../../../db/client';
import { newId } from '../../../db/ids';
import { userMessage } from '../../i18n/user-message';
import { audit } from '../../services/audit';
import { documentLine, takePlan, type FulfilmentLine, type LineHandler } from './handler';

// CP-10 / WF-3 (and BO-1 quotes): seats added to the account's subscription of a product — co-termed to
// the contract's end, or a new annual term — as priced by the accepted quote. This is the order's
// fulfilment: the billing entitlement (the subscription's seats) and, through the core, the invoice.
// Making the seats usable where the product runs (the provisioner, the admin contact) is WF-3's own
// provisioning, done before (and undone by its compensation); once this is applied nothing is undone.

/** A seat addition names its product, tier and period (order_lines_kind_shape_check); its subscription when the account had one. */
type SeatLine = FulfilmentLine & { tier_id: string; product: string; tier: string; period_start: Date; period_end: Date };

function seatLine(line: FulfilmentLine): SeatLine {
  if (!line.tier_id || line.product === null || line.tier === null || !line.period_start || !line.period_end) throw new Error('a seat_addition line without its product, tier or period');
  return line as SeatLine;
}

/** The account's subscription of the line's product, locked, if it has one (a line priced against none: the product was new to it). */
async function subscriptionOfProduct(trx: Trx, accountId: string, productId: string) {
  return trx.selectFrom('subscriptions').select(['id', 'status']).where('account_id', '=', accountId).where('product_id', '=', productId).forUpdate().executeTakeFirst();
}

export const seatAdditionLineHandler: LineHandler = {
  /** Seats priced for an active subscription are added to it only while it is still active (else the quote's proration means nothing). */
  async refusal(_trx, l, ctx) {
    if (!l.subscription_id) return null;
    const sub = ctx.subscriptions.get(l.subscription_id);
    return sub?.status === 'active' ? null : userMessage('errors.serviceOrder.subscriptionEnded', { product: l.product ?? '', refunded: ctx.paid ? 'yes' : 'no' });
  },

  async apply(trx, l, ctx) {
    const line = seatLine(l);
    const accountId = ctx.order.account_id;
    const { product_id: productId } = await trx.selectFrom('plan_tiers').select('product_id').where('id', '=', line.tier_id).executeTakeFirstOrThrow();
    const sub = line.subscription_id ? { id: line.subscription_id, status: ctx.subscriptions.get(line.subscription_id)!.status } : await subscriptionOfProduct(trx, accountId, productId);
    let subscriptionId: string;
    if (sub?.status === 'active') {
      // Co-termed: the seats join the subscription's current term (its period and price per seat stay).
      await trx.updateTable('subscriptions').set((eb) => ({ seats: eb('seats', '+', line.seats), version: eb('version', '+', 1) })).where('id', '=', sub.id).where('status', '=', 'active').execute();
      subscriptionId = sub.id;
    } else if (sub) {
      // The account's lapsed (or ended) subscription of the product starts again with the added seats, for the line's period.
      await takePlan(trx, { ...line, subscription_id: sub.id, frequency: 'annual' }).set({ status: 'active' }).execute();
      subscriptionId = sub.id;
    } else {
      // A product new to the account (a rep's quote): a subscription for the line's period.
      const account = await trx.selectFrom('accounts').select('currency').where('id', '=', accountId).executeTakeFirstOrThrow();
      subscriptionId = newId('sub');
      await trx
        .insertInto('subscriptions')
        .values({
          id: subscriptionId, account_id: accountId, product_id: productId, tier_id: line.tier_id, seats: line.seats, frequency: 'annual', status: 'active',
          current_period_start: line.period_start, current_period_end: line.period_end, last_charge_amount: line.plan_amount, currency: account.currency,
        })
        .execute();
    }
    await audit(trx, { actor: { realm: 'workflow', id: null }, accountId, action: 'subscription.seats_added', subjectId: subscriptionId, data: { order: ctx.order.id, seats: line.seats, started: sub?.status !== 'active' } });
  },

  /** Seats × the price per seat for a whole term; the amount is the line's (prorated when co-termed), for the period billed. */
  invoiceLines(l) {
    const line = seatLine(l);
    const unit = line.unit_amount ?? line.plan_amount / BigInt(Math.max(1, line.seats));
    return [{ ...documentLine('plan', line.product, line.tier, 'annual'), quantity: line.seats, unit_amount: unit, amount: line.plan_amount, period_start: line.period_start, period_end: line.period_end }];
  },

  // A corporate order is always invoiced, even when a discount makes it free.
  invoiceWhenZero: true,
};
