import type { Trx } from '../../../db/client';
import type { OrderInvoiceLine } from '../../invoices/issue';
import { audit } from '../../services/audit';
import type { UserMessage } from '../../../workflows/shared';
import { userMessage } from '../../i18n/user-message';
import { documentLine, planInvoiceLine, planLine, takePlan, type FulfilmentContext, type LineHandler, type PlanLine } from './handler';

// BC-4 / WF-2 (and BC-5 carts): a change of an active subscription's tier, seats or frequency, priced
// against one version of the subscription and applied only to that version.

/**
 * WF-2 version check, inside the transaction that applies (the subscription row locked and read by the caller):
 * why the change can no longer be applied — the subscription moved on since it was priced, or seats
 * were assigned beyond the new count meanwhile — or null when it can.
 */
async function changeLineRefusal(trx: Trx, line: PlanLine, ctx: FulfilmentContext): Promise<UserMessage | null> {
  // Locked and read by fulfilment just before the lines' checks (which write nothing): its state now.
  const sub = ctx.subscriptions.get(line.subscription_id);
  if (!sub) throw new Error(`subscription ${line.subscription_id} of a change line was not locked`);
  const paid = ctx.paid;
  const refunded = paid ? 'yes' : 'no';
  if (sub.status !== 'active' || sub.version !== line.subscription_version) return userMessage('errors.order.changedMeanwhile', { product: line.product, refunded });
  // Seats assigned meanwhile (the subscription row we lock also serializes assignments).
  const { n: assigned } = await trx.selectFrom('seat_assignments').select((eb) => eb.fn.countAll<number>().as('n')).where('subscription_id', '=', sub.id).executeTakeFirstOrThrow();
  if (Number(assigned) > line.seats) return userMessage('errors.order.seatsAssignedMeanwhile', { assigned: Number(assigned), product: line.product, unassign: Number(assigned) - line.seats, refunded });
  return null;
}

/** Applies a checked change line: tier, seats, frequency, the new period (billing date = change time), version + 1. */
async function applyChangeLine(trx: Trx, line: PlanLine): Promise<void> {
  const updated = await takePlan(trx, line).where('version', '=', line.subscription_version!).executeTakeFirst();
  // Checked under the row lock just before: a mismatch here is a bug, and must roll everything back.
  if (updated.numUpdatedRows !== 1n) throw new Error(`subscription ${line.subscription_id} moved under its lock`);
}

/** A change's invoice lines: the new plan, then the credit for unused time on the previous one. */
function changeInvoiceLines(line: PlanLine): OrderInvoiceLine[] {
  return [
    planInvoiceLine(line),
    ...(line.credit_amount > 0n ? [{ ...documentLine('unused_credit', line.product, null, null), quantity: 1, unit_amount: -line.credit_amount, amount: -line.credit_amount, period_start: null, period_end: null }] : []),
  ];
}

export const changeLineHandler: LineHandler = {
  refusal: (trx, line, ctx) => changeLineRefusal(trx, planLine(line), ctx),
  async apply(trx, l, ctx) {
    const line = planLine(l);
    const before = ctx.subscriptions.get(line.subscription_id)!;
    await applyChangeLine(trx, line);
    await audit(trx, {
      actor: { realm: 'workflow', id: null },
      accountId: ctx.order.account_id,
      action: 'subscription.changed',
      subjectId: line.subscription_id,
      data: { order: ctx.order.id, from: { tier: before.tier_id, seats: before.seats, frequency: before.frequency }, to: { tier: line.tier_id, seats: line.seats, frequency: line.frequency } },
    });
  },
  invoiceLines: (line) => changeInvoiceLines(planLine(line)),
};
