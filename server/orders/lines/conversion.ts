import type { OrderInvoiceLine } from '../../invoices/issue';
import { planLine, type LineHandler, type PlanLine } from './handler';

// BC-3 / WF-1 (and BC-5 carts): a trial becomes a paid subscription; its period starts at the order
// time, so the billing date is re-anchored to the order date.

/** A conversion's invoice line: the new plan for its first period. */
function conversionInvoiceLine(line: PlanLine): OrderInvoiceLine {
  return { description: `${line.product} ${line.tier} — ${line.frequency === 'annual' ? 'annual' : 'monthly'} plan`, quantity: line.seats, unit_amount: line.plan_amount / BigInt(Math.max(1, line.seats)), amount: line.plan_amount, period_start: line.period_start, period_end: line.period_end };
}

export const conversionLineHandler: LineHandler = {
  async refusal(_trx, l, ctx) {
    const sub = ctx.subscriptions.get(l.subscription_id ?? '');
    return sub?.status !== 'trial' ? `The free trial of ${l.product} ended before the order completed.${ctx.paid ? ' Your payment has been refunded.' : ''}` : null;
  },
  async apply(trx, l) {
    const line = planLine(l);
    await trx
      .updateTable('subscriptions')
      .set((eb) => ({
        status: 'active',
        tier_id: line.tier_id,
        seats: line.seats,
        frequency: line.frequency,
        current_period_start: line.period_start!,
        current_period_end: line.period_end!,
        last_charge_amount: line.plan_amount,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', line.subscription_id)
      .execute();
  },
  invoiceLines: (line) => [conversionInvoiceLine(planLine(line))],
  // A conversion is always invoiced (even when the credit balance pays it all).
  invoiceWhenZero: true,
};
