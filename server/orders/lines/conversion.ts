import type { OrderInvoiceLine } from '../../invoices/issue';
import { planLine, takePlan, type LineHandler, type PlanLine } from './handler';

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
    await takePlan(trx, planLine(l)).set({ status: 'active' }).execute();
  },
  invoiceLines: (line) => [conversionInvoiceLine(planLine(line))],
  // A conversion is always invoiced (even when the credit balance pays it all).
  invoiceWhenZero: true,
};
