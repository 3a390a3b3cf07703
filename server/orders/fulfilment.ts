import { ApplicationFailure } from '@temporalio/common';
import type { Trx } from '../../db/client';
import { newId } from '../../db/ids';
import { nextCreditNoteNumber } from '../../db/invoice-numbers';
import type { Currency, Order, OrderLineKind, PartySnapshot } from '../../db/schema';
import { formatMoney } from '../billing';
import { buyerSnapshot, issuePaidOrderInvoice, type OrderInvoiceLine } from '../invoices/issue';
import { audit } from '../services/audit';
import type { UserMessage } from '../../workflows/shared';
import { documentLine, type FulfilmentLine, type LineHandler, type SubscriptionBefore } from './lines/handler';
import { lineHandlers } from './lines';

/**
 * The invoice a net-negative order's credit note corrects: the account's invoice that billed a changed
 * subscription's current period (a line starting at one of `periodStarts`), else its latest invoice that can still take
 * the amount (a credit note never exceeds what is left of an invoice's total).
 */
async function invoiceToCredit(trx: Trx, accountId: string, periodStarts: Date[], amount: bigint) {
  const rows = await trx
    .selectFrom('invoices as i')
    .select((eb) => [
      'i.id',
      'i.total',
      'i.issued_at',
      'i.reverse_charge',
      eb
        .exists(eb.selectFrom('invoice_lines as l').select('l.id').whereRef('l.invoice_id', '=', 'i.id').where('l.period_start', 'in', periodStarts.length ? periodStarts : [new Date(0)]))
        .as('bills_period'),
      eb.fn.coalesce(eb.selectFrom('credit_notes as c').select((e) => e.fn.sum<bigint>('c.amount').as('s')).whereRef('c.invoice_id', '=', 'i.id'), eb.lit(0)).as('credited'),
    ])
    .where('i.account_id', '=', accountId)
    .where('i.status', '<>', 'void')
    .orderBy('i.issued_at', 'desc')
    .execute();
  const fits = rows.filter((r) => r.total - BigInt(r.credited) >= amount);
  return fits.find((r) => r.bills_period) ?? fits[0] ?? null;
}

type Handlers = Partial<Record<OrderLineKind, LineHandler>>;

/** The handler of a line's kind; a kind without one is a bug (or a deployment too old for the order). */
function handlerOf(line: FulfilmentLine, handlers: Handlers): LineHandler {
  const handler = handlers[line.kind];
  if (!handler) throw ApplicationFailure.nonRetryable(`no fulfilment for order lines of kind ${line.kind}`, 'UnsupportedOrderLine');
  return handler;
}

/** An order's invoice lines, before any credit balance applied: every line's, in order. */
function orderInvoiceLines(lines: FulfilmentLine[], handlers: Handlers): OrderInvoiceLine[] {
  return lines.flatMap((l) => handlerOf(l, handlers).invoiceLines(l));
}

/**
 * A net-negative order's credit note lines, which add up to its amount Σ C − Σ N: each change's credit
 * for unused time, less each new plan (the order's invoice lines, credits first, with signs turned).
 */
function creditNoteLines(lines: FulfilmentLine[], handlers: Handlers): OrderInvoiceLine[] {
  return lines
    .flatMap((l) => handlerOf(l, handlers).invoiceLines(l).reverse())
    .filter((l) => l.amount !== 0n)
    .map((l) => ({ ...l, unit_amount: -l.unit_amount, amount: -l.amount }));
}

const WORKFLOW = { realm: 'workflow', id: null } as const;

export type FulfilResult =
  | { status: 'completed'; invoice: { id: string; number: string } | null; creditNoteNumber: string | null }
  | { status: 'rejected'; reason: UserMessage };

const isChangeLine = (l: FulfilmentLine) => l.kind === 'change';

async function orderLines(trx: Trx, orderId: string): Promise<FulfilmentLine[]> {
  return trx
    .selectFrom('order_lines as l')
    .leftJoin('products as p', 'p.id', 'l.product_id')
    .leftJoin('plan_tiers as t', 't.id', 'l.tier_id')
    .select(['l.kind', 'l.subscription_id', 'l.subscription_version', 'l.invoice_id', 'l.tier_id', 'l.seats', 'l.frequency', 'l.period_start', 'l.period_end', 'l.plan_amount', 'l.credit_amount', 'p.name as product', 't.name as tier'])
    .where('l.order_id', '=', orderId)
    .orderBy('l.id')
    .execute();
}

/**
 * THE fulfilment of every order kind (WF-1 activation, WF-2 apply, and the kinds to come), in the
 * caller's ONE transaction, the order row locked by the caller. Every line is checked by its kind's
 * handler (lines/) before anything is written — a conversion's trial must still run, a change's
 * subscription must still be the version it was priced against (WF-2's version check) — so an order is
 * applied whole or not at all. Then every line is applied and the order gets one document: an invoice
 * listing every invoiced line (something was due, or a line kind that is always invoiced), or — when
 * the changes' credit for unused time exceeds the rest (Σ N − Σ C < 0) — the surplus joins the credit
 * balance, documented by one credit note.
 */
export async function fulfilOrder(trx: Trx, input: { order: Order; seller: PartySnapshot; handlers?: Handlers }): Promise<FulfilResult> {
  const { order, handlers = lineHandlers } = input;
  const orderId = order.id;
  const lines = await orderLines(trx, orderId);
  // Lock every subscription of the order in one order (id), so two orders never deadlock. An order
  // about no subscription (an invoice payment) locks none (and `in ()` is not SQL).
  const subscriptionIds = lines.flatMap((l) => (l.subscription_id ? [l.subscription_id] : []));
  const subs = subscriptionIds.length === 0 ? [] : await trx
    .selectFrom('subscriptions')
    .select(['id', 'status', 'tier_id', 'seats', 'frequency', 'current_period_start'])
    .where('id', 'in', subscriptionIds)
    .orderBy('id')
    .forUpdate()
    .execute();
  const subscriptions = new Map<string, SubscriptionBefore>(subs.map((sub) => [sub.id, sub]));
  const ctx = { order, paid: order.total > 0n, subscriptions };
  for (const l of lines) {
    const refusal = await handlerOf(l, handlers).refusal(trx, l, ctx);
    if (refusal) return { status: 'rejected', reason: refusal };
  }
  for (const l of lines) await handlerOf(l, handlers).apply(trx, l, ctx);

  const currency = order.currency as Currency;
  const invoiceLines = orderInvoiceLines(lines, handlers);
  const gross = invoiceLines.reduce((sum, l) => sum + l.amount, 0n); // Σ N − Σ C of the invoiced lines
  const issuedAt = new Date();
  let invoice: { id: string; number: string } | null = null;
  let creditNoteNumber: string | null = null;
  if (gross < 0n) {
    // Net-negative: nothing was charged; the difference joins the credit balance, documented by a credit note.
    const surplus = -gross;
    const changes = lines.filter(isChangeLine);
    const what = changes.length === 1 && lines.length === 1 ? changes[0]!.product : changes.map((l) => l.product).join(', ');
    await trx.insertInto('credit_ledger').values({ id: newId('cl'), account_id: order.account_id, currency, amount: surplus, reason: 'proration_credit', order_id: orderId, note: `Unused time on ${what} after a change` }).execute();
    // The invoice that billed a changed subscription's period (before the change), else the latest that can take it.
    const periodStarts = changes.map((l) => subscriptions.get(l.subscription_id!)!.current_period_start!).filter(Boolean);
    const target = await invoiceToCredit(trx, order.account_id, periodStarts, surplus);
    if (target) {
      const num = await nextCreditNoteNumber(trx, issuedAt);
      const fmt = (amount: bigint) => formatMoney({ amount, currency }, 'en');
      const reason =
        lines.length === 1
          ? `${lines[0]!.product}: credit for unused time (${fmt(lines[0]!.credit_amount)}) less the new plan (${fmt(lines[0]!.plan_amount)}), added to the credit balance`
          : `${lines.map((l) => (isChangeLine(l) ? `${l.product}: credit for unused time (${fmt(l.credit_amount)}) less the new plan (${fmt(l.plan_amount)})` : `${l.product}: new plan (${fmt(l.plan_amount)})`)).join('; ')}; the difference added to the credit balance`;
      const creditNoteId = newId('cn');
      await trx
        .insertInto('credit_notes')
        .values({
          id: creditNoteId, invoice_id: target.id, account_id: order.account_id, order_id: orderId, number: num.number, year: num.year, seq: num.seq, currency, amount: surplus, reason, issued_at: issuedAt,
          seller: input.seller, buyer: await buyerSnapshot(trx, order.account_id, order.vat_number), reverse_charge: target.reverse_charge,
        })
        .execute();
      // What it prints; the database checks at commit that these add up to the amount.
      await trx.insertInto('credit_note_lines').values(creditNoteLines(lines, handlers).map((l, i) => ({ id: newId('cnl'), credit_note_id: creditNoteId, sort: i, ...l }))).execute();
      creditNoteNumber = num.number;
    } else {
      await audit(trx, { actor: WORKFLOW, accountId: order.account_id, action: 'credit_note.no_invoice', subjectId: orderId, data: { amount: surplus.toString() } });
    }
  } else if (gross > 0n || lines.some((l) => handlerOf(l, handlers).invoiceWhenZero)) {
    if (order.credit_applied > 0n) {
      invoiceLines.push({ ...documentLine('credit_applied', null, null, null), quantity: 1, unit_amount: -order.credit_applied, amount: -order.credit_applied, period_start: null, period_end: null });
    }
    invoice = await issuePaidOrderInvoice(trx, { order, seller: input.seller, issuedAt, lines: invoiceLines });
  }
  await trx.updateTable('orders').set({ status: 'completed', completed_at: issuedAt }).where('id', '=', orderId).execute();
  await audit(trx, { actor: WORKFLOW, accountId: order.account_id, action: 'order.completed', subjectId: orderId, data: { invoice: invoice?.number ?? null, creditNote: creditNoteNumber } });
  return { status: 'completed', invoice, creditNoteNumber };
}

/** The documents of a completed order (a re-run after a crash answers with these). */
export async function orderDocuments(trx: Trx, orderId: string) {
  const inv = await trx.selectFrom('invoices').select(['id', 'number']).where('order_id', '=', orderId).executeTakeFirst();
  const cn = await trx.selectFrom('credit_notes').select('number').where('order_id', '=', orderId).executeTakeFirst();
  return { invoice: inv ?? null, creditNoteNumber: cn?.number ?? null };
}
