import type { Trx } from '../../../db/client';
import { addPeriod } from '../../billing';
import { userMessage } from '../../i18n/user-message';
import { audit } from '../../services/audit';
import { netTermsDueAt, planInvoiceLine, planLine, takePlan, type LineHandler, type PlanLine } from './handler';

// BC-9 / WF-4: a subscription's next period, billed at its period end by its renewal workflow. The line
// bills the period that starts exactly where the current one ends (no gap, no overlap); it is applied
// when the renewal is paid (online: at once, or after dunning — a past-due or lapsed subscription is
// active again) or when a corporate term starts on net terms (its invoice open until paid).

/** Only these subscriptions renew: one whose renewal is still unpaid is past due, then lapsed. */
const RENEWING = new Set(['active', 'past_due', 'lapsed']);

/**
 * The period the subscription gets: the line's, from the old end — however late it is paid, the anchor
 * stays. Only a lapsed subscription paid after that whole period is over gets a fresh period from now
 * (it had no access meanwhile; the invoice keeps the period it billed).
 */
function periodOf(line: PlanLine, now: Date): { start: Date; end: Date } {
  if (line.period_end!.getTime() > now.getTime()) return { start: line.period_start!, end: line.period_end! };
  return { start: now, end: addPeriod(now, line.frequency) };
}

async function applyRenewalLine(trx: Trx, line: PlanLine, ctx: Parameters<LineHandler['apply']>[2]) {
  const before = ctx.subscriptions.get(line.subscription_id)!;
  const now = ctx.at;
  const period = ctx.onTerms ? { start: line.period_start!, end: line.period_end! } : periodOf(line, now);
  await takePlan(trx, { ...line, period_start: period.start, period_end: period.end }).set({ status: 'active', ended_at: null, seat_grace_until: null }).execute();
  // A corporate contract that ended with this term runs on with the new one.
  const account = await trx.selectFrom('accounts').select(['id', 'contract_end']).where('id', '=', ctx.order.account_id).executeTakeFirstOrThrow();
  if (account.contract_end?.getTime() === line.period_start!.getTime()) {
    await trx.updateTable('accounts').set({ contract_start: period.start, contract_end: period.end }).where('id', '=', account.id).execute();
  }
  // The renewal is paid with its order — unless the term started on net terms: then its invoice settles it.
  const renewal = await trx
    .updateTable('renewals')
    // On net terms the renewal is due with its invoice (issued at this instant); else it is paid.
    .set(ctx.onTerms ? { due_at: netTermsDueAt(now, ctx.onTerms) } : { status: 'paid', paid_at: now, next_attempt_at: null })
    .where('order_id', '=', ctx.order.id)
    .returning('id')
    .executeTakeFirstOrThrow();
  const reactivated = before.status !== 'active';
  await audit(trx, {
    actor: { realm: 'workflow', id: null },
    accountId: ctx.order.account_id,
    action: ctx.onTerms ? 'renewal.term_started' : reactivated ? 'renewal.reactivated' : 'renewal.paid',
    subjectId: line.subscription_id,
    data: { renewal: renewal.id, order: ctx.order.id, periodStart: period.start.toISOString(), periodEnd: period.end.toISOString() },
  });
}

export const renewalLineHandler: LineHandler = {
  // A renewal never bills a period already paid, nor a subscription that ended: the subscription must
  // still renew, and its current period must still end where the renewal's begins (a WF-2 change
  // re-anchors it; the renewal is then refunded and the workflow renews at the new end).
  async refusal(_trx, l, ctx) {
    const line = planLine(l);
    const sub = ctx.subscriptions.get(line.subscription_id);
    if (sub && RENEWING.has(sub.status) && sub.current_period_end?.getTime() === line.period_start?.getTime()) return null;
    return userMessage('errors.renewals.periodMoved', { product: line.product, refunded: ctx.paid ? 'yes' : 'no' });
  },
  apply: (trx, l, ctx) => applyRenewalLine(trx, planLine(l), ctx),
  // The plan for the new period, as the renewal billed it.
  invoiceLines: (line) => [planInvoiceLine(planLine(line))],
  // Always invoiced, even when the credit balance pays it all.
  invoiceWhenZero: true,
};
