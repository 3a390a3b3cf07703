/**
 * CP-5: what an invoice's figures say to the person who pays it. The balance is the total less what
 * was paid; an invoice with a balance past its due date is overdue (whether or not part of it was
 * paid), otherwise open or partially paid.
 */
export type InvoiceState = 'open' | 'partially_paid' | 'paid' | 'overdue' | 'void';

export function invoiceState(inv: { status: 'open' | 'paid' | 'void'; total: bigint; amountPaid: bigint; dueAt: Date | null }, now: Date): InvoiceState {
  if (inv.status === 'void') return 'void';
  if (inv.amountPaid >= inv.total) return 'paid';
  if (inv.dueAt && inv.dueAt.getTime() < now.getTime()) return 'overdue';
  return inv.amountPaid > 0n ? 'partially_paid' : 'open';
}

export const invoiceBalance = (inv: { total: bigint; amountPaid: bigint }): bigint => (inv.total > inv.amountPaid ? inv.total - inv.amountPaid : 0n);
