import { userMessage } from '../../i18n/user-message';
import { planInvoiceLine, planLine, takePlan, type LineHandler } from './handler';

// BC-3 / WF-1 (and BC-5 carts): a trial becomes a paid subscription; its period starts at the order
// time, so the billing date is re-anchored to the order date.

export const conversionLineHandler: LineHandler = {
  async refusal(_trx, l, ctx) {
    const sub = ctx.subscriptions.get(l.subscription_id ?? '');
    return sub?.status !== 'trial' ? userMessage('errors.order.trialEndedMeanwhile', { product: l.product ?? '', refunded: ctx.paid ? 'yes' : 'no' }) : null;
  },
  async apply(trx, l) {
    await takePlan(trx, planLine(l)).set({ status: 'active' }).execute();
  },
  // A conversion's invoice line: the new plan for its first period.
  invoiceLines: (line) => [planInvoiceLine(planLine(line))],
  // A conversion is always invoiced (even when the credit balance pays it all).
  invoiceWhenZero: true,
};
