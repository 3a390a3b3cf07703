import { ApplicationFailure } from '@temporalio/common';
import type { Trx } from '../../db/client';
import { newId } from '../../db/ids';
import { nextCreditNoteNumber } from '../../db/invoice-numbers';
import type { Currency, Order, OrderLineKind, PartySnapshot } from '../../db/schema';
import { formatMoney } from '../billing';
import { buyerSnapshot, issueOrderInvoice, payOpenInvoice, type OrderInvoiceLine } from '../invoices/issue';
import { audit } from '../services/audit';
import type { UserMessage } from '../../workflows/shared';
import { documentLine, netTermsDueAt, type FulfilmentLine, type LineHandler, type NetTerms, type SubscriptionBefore } from './lines/handler';
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

/** What the order's invoice prints: its lines' invoice lines, then the credit balance it used. */
function withCreditApplied(invoiceLines: OrderInvoiceLine[], order: Pick<Order, 'credit_applied'>): OrderInvoiceLine[] {
  if (order.credit_applied <= 0n) return invoiceLines;
  return [...invoiceLines, { ...documentLine('credit_applied', null, null, null), quantity: 1, unit_amount: -order.credit_applied, amount: -order.credit_applied, period_start: null, period_end: null }];
}

/**
 * The order's one invoice at fulfilment: issued now — paid by the order's payment, or open on net terms —
 * or, when it was issued open before (`issueOpenOrderInvoice`), marked paid now by the order's payment.
 */
async function invoiceAtFulfilment(trx: Trx, input: { order: Order; seller: PartySnapshot; issuedAt: Date; lines: OrderInvoiceLine[]; onTerms: NetTerms | null }) {
  const { order } = input;
  const issued = await trx.selectFrom('invoices').select(['id', 'number', 'status']).where('order_id', '=', order.id).forUpdate().executeTakeFirst();
  if (!issued) {
    const open = input.onTerms ? { dueAt: netTermsDueAt(input.issuedAt, input.onTerms), purchaseOrderNumber: input.onTerms.purchaseOrderNumber } : null;
    if (open) return issueOrderInvoice(trx, { order, seller: input.seller, issuedAt: input.issuedAt, lines: input.lines, open });
    // Paid now, with the order's terms as placed: its PO, and a due date `invoice_due_days` after issue.
    const dueAt = order.invoice_due_days === null ? null : new Date(input.issuedAt.getTime() + order.invoice_due_days * 86_400_000);
    return issueOrderInvoice(trx, { order, seller: input.seller, issuedAt: input.issuedAt, lines: input.lines, purchaseOrderNumber: order.purchase_order_number, dueAt });
  }
  if (!input.onTerms && issued.status === 'open') await payOpenInvoice(trx, { invoiceId: issued.id, orderId: order.id, amount: order.total });
  return { id: issued.id, number: issued.number };
}

/**
 * An order's invoice issued before the order is paid and fulfilled — a renewal whose charge failed
 * (BC-9 dunning: the emails link to it, the billing history lists it) — open and due `dueAt` (a date
 * already passed: due on receipt, the issue date), with exactly the lines fulfilment would print. In
 * the caller's transaction; issued once (a repeat returns it). When the order is later paid,
 * `fulfilOrder` marks this invoice paid instead of issuing another; if it ends unfulfilled,
 * `endUnfulfilledOrder` voids it.
 */
export async function issueOpenOrderInvoice(trx: Trx, input: { order: Order; seller: PartySnapshot; dueAt: Date; purchaseOrderNumber?: string | null; handlers?: Handlers }) {
  const { order, handlers = lineHandlers } = input;
  const issued = await trx.selectFrom('invoices').select(['id', 'number']).where('order_id', '=', order.id).executeTakeFirst();
  if (issued) return issued;
  if (order.status !== 'processing' && order.status !== 'awaiting_payment') throw new Error(`order ${order.id} is ${order.status}: only an open order's invoice is issued before it is paid`);
  if (order.total <= 0n) throw new Error(`order ${order.id} has nothing to pay: its invoice is issued paid when it is fulfilled`);
  const lines = withCreditApplied(orderInvoiceLines(await orderLines(trx, order.id), handlers), order);
  const issuedAt = new Date();
  const dueAt = input.dueAt.getTime() > issuedAt.getTime() ? input.dueAt : issuedAt;
  return issueOrderInvoice(trx, { order, seller: input.seller, issuedAt, lines, open: { dueAt, purchaseOrderNumber: input.purchaseOrderNumber ?? null } });
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
    .select(['l.kind', 'l.subscription_id', 'l.subscription_version', 'l.invoice_id', 'l.tier_id', 'l.seats', 'l.frequency', 'l.period_start', 'l.period_end', 'l.plan_amount', 'l.credit_amount', 'l.unit_amount', 'p.name as product', 't.name as tier'])
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
 * balance, documented by one credit note. The invoice is paid by the order's payment (an invoice issued
 * open before, by `issueOpenOrderInvoice`, is marked paid now), or — `onTerms`, a corporate order
 * fulfilled before it is paid — issued open with its due date, for invoice payments to settle.
 */
export async function fulfilOrder(trx: Trx, input: { order: Order; seller: PartySnapshot; handlers?: Handlers; onTerms?: NetTerms | null }): Promise<FulfilResult> {
  const { order, handlers = lineHandlers } = input;
  const onTerms = input.onTerms ?? null;
  const orderId = order.id;
  const lines = await orderLines(trx, orderId);
  // Lock every subscription of the order in one order (id), so two orders never deadlock. An order about
  // no subscription (paying an invoice) locks none.
  const subscriptionIds = lines.flatMap((l) => (l.subscription_id ? [l.subscription_id] : []));
  const subs = subscriptionIds.length === 0
    ? []
    : await trx
        .selectFrom('subscriptions')
        .select(['id', 'status', 'tier_id', 'seats', 'frequency', 'current_period_start', 'current_period_end', 'version'])
        .where('id', 'in', subscriptionIds)
        .orderBy('id')
        .forUpdate()
        .execute();
  const subscriptions = new Map<string, SubscriptionBefore>(subs.map((sub) => [sub.id, sub]));
  // The fulfilment's one instant: the lines apply and the document is issued at it.
  const issuedAt = new Date();
  const ctx = { order, paid: !onTerms && order.total > 0n, onTerms, at: issuedAt, subscriptions };
  for (const l of lines) {
    const refusal = await handlerOf(l, handlers).refusal(trx, l, ctx);
    if (refusal) return { status: 'rejected', reason: refusal };
  }
  for (const l of lines) await handlerOf(l, handlers).apply(trx, l, ctx);

  const currency = order.currency as Currency;
  const invoiceLines = orderInvoiceLines(lines, handlers);
  const gross = invoiceLines.reduce((sum, l) => sum + l.amount, 0n); // Σ N − Σ C of the invoiced lines
  // Before the document: its number holds the year's counter row until commit, so the fewer statements after it the better.
  await trx.updateTable('orders').set({ status: 'completed', completed_at: issuedAt }).where('id', '=', orderId).execute();
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
    invoice = await invoiceAtFulfilment(trx, { order, seller: input.seller, issuedAt, lines: withCreditApplied(invoiceLines, order), onTerms });
  }
  await audit(trx, { actor: WORKFLOW, accountId: order.account_id, action: 'order.completed', subjectId: orderId, data: { invoice: invoice?.number ?? null, creditNote: creditNoteNumber } });
  return { status: 'completed', invoice, creditNoteNumber };
}

/** The documents of a completed order (a re-run after a crash answers with these). */
export async function orderDocuments(trx: Trx, orderId: string) {
  const inv = await trx.selectFrom('invoices').select(['id', 'number']).where('order_id', '=', orderId).executeTakeFirst();
  const cn = await trx.selectFrom('credit_notes').select('number').where('order_id', '=', orderId).executeTakeFirst();
  return { invoice: inv ?? null, creditNoteNumber: cn?.number ?? null };
}
