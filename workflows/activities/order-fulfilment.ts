import type { Db, Trx } from '../../db/client';
import { newId } from '../../db/ids';
import { nextCreditNoteNumber } from '../../db/invoice-numbers';
import type { Currency, DocumentLineKind, Frequency, Order, PartySnapshot } from '../../db/schema';
import { documentLineDescription } from '../../server/invoices/labels';
import { formatMoney } from '../../server/billing';
import { translate } from '../../server/i18n/messages';
import { sendEmailOnce } from '../../server/email/send-once';
import type { Mailer } from '../../server/email/transport';
import { buyerSnapshot, issuePaidOrderInvoice, type OrderInvoiceLine } from './order-invoice';
import { userMessage } from '../../server/i18n/user-message';
import { intlTag, toLocale } from '../../server/i18n/locale';
import type { UserMessage } from '../shared';

/**
 * The invoice a net-negative order's credit note corrects: the account's invoice that billed a changed
 * subscription's current period (a line starting at one of `periodStarts`), else its latest invoice that can still take
 * the amount (a credit note never exceeds what is left of an invoice's total).
 */
export async function invoiceToCredit(trx: Trx, accountId: string, periodStarts: Date[], amount: bigint) {
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

/** A change line of an order, with its product and tier names. */
export interface ChangeLine {
  subscription_id: string | null;
  tier_id: string;
  seats: number;
  frequency: string;
  period_start: Date | null;
  period_end: Date | null;
  plan_amount: bigint;
  credit_amount: bigint;
  subscription_version: number | null;
  product: string;
  tier: string;
}

/**
 * WF-2 version check, inside the transaction that applies (the subscription row locked by the caller):
 * why the change can no longer be applied — the subscription moved on since it was priced, or seats
 * were assigned beyond the new count meanwhile — or null when it can.
 */
export async function changeLineRefusal(trx: Trx, line: ChangeLine, paid: boolean): Promise<UserMessage | null> {
  const sub = await trx.selectFrom('subscriptions').select(['id', 'status', 'version']).where('id', '=', line.subscription_id!).forUpdate().executeTakeFirstOrThrow();
  const refunded = paid ? 'yes' : 'no';
  if (sub.status !== 'active' || sub.version !== line.subscription_version) return userMessage('errors.order.changedMeanwhile', { product: line.product, refunded });
  // Seats assigned meanwhile (the subscription row we lock also serializes assignments).
  const { n: assigned } = await trx.selectFrom('seat_assignments').select((eb) => eb.fn.countAll<number>().as('n')).where('subscription_id', '=', sub.id).executeTakeFirstOrThrow();
  if (Number(assigned) > line.seats) return userMessage('errors.order.seatsAssignedMeanwhile', { assigned: Number(assigned), product: line.product, unassign: Number(assigned) - line.seats, refunded });
  return null;
}

/** Applies a checked change line: tier, seats, frequency, the new period (billing date = change time), version + 1. */
export async function applyChangeLine(trx: Trx, line: ChangeLine): Promise<void> {
  const updated = await trx
    .updateTable('subscriptions')
    .set((eb) => ({
      tier_id: line.tier_id,
      seats: line.seats,
      frequency: line.frequency as Frequency,
      current_period_start: line.period_start!,
      current_period_end: line.period_end!,
      last_charge_amount: line.plan_amount,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', line.subscription_id!)
    .where('version', '=', line.subscription_version!)
    .executeTakeFirst();
  // Checked under the row lock just before: a mismatch here is a bug, and must roll everything back.
  if (updated.numUpdatedRows !== 1n) throw new Error(`subscription ${line.subscription_id} moved under its lock`);
}

/** A change's invoice lines: the new plan, then the credit for unused time on the previous one. */
export function changeInvoiceLines(line: ChangeLine): OrderInvoiceLine[] {
  return [
    planLine(line),
    ...(line.credit_amount > 0n
      ? [{ ...what('unused_credit', line.product, null, null), quantity: 1, unit_amount: -line.credit_amount, amount: -line.credit_amount, period_start: null, period_end: null }]
      : []),
  ];
}

/** What a document line is (0015), with its English description for operations; the PDF prints it per locale. */
function what(kind: DocumentLineKind, product: string | null, tier: string | null, frequency: Frequency | null) {
  const description = documentLineDescription('en', { description: '', kind, productName: product, tierName: tier, frequency });
  return { description, kind, product_name: product, tier_name: tier, frequency };
}

/** The new plan for its period: seats × unit price. */
function planLine(line: OrderLine): OrderInvoiceLine {
  const frequency: Frequency = line.frequency === 'annual' ? 'annual' : 'monthly';
  return { ...what('plan', line.product, line.tier, frequency), quantity: line.seats, unit_amount: line.plan_amount / BigInt(Math.max(1, line.seats)), amount: line.plan_amount, period_start: line.period_start, period_end: line.period_end };
}

/** A conversion's invoice line: the new plan for its first period. */
const conversionInvoiceLine = planLine;

/** An order's invoice lines, before any credit balance applied: every conversion and change, in order. */
export function orderInvoiceLines(lines: OrderLine[]): OrderInvoiceLine[] {
  return lines.flatMap((l) => (isChangeLine(l) ? changeInvoiceLines(l) : [conversionInvoiceLine(l)]));
}

/**
 * A net-negative order's credit note lines, which add up to its amount Σ C − Σ N: each change's credit
 * for unused time, less each new plan (the order's invoice lines, credits first, with signs turned).
 */
export function creditNoteLines(lines: OrderLine[]): OrderInvoiceLine[] {
  return lines
    .flatMap((l) => (isChangeLine(l) ? changeInvoiceLines(l).reverse() : [conversionInvoiceLine(l)]))
    .filter((l) => l.amount !== 0n)
    .map((l) => ({ ...l, unit_amount: -l.unit_amount, amount: -l.amount }));
}

export type FulfilResult =
  | { status: 'completed'; invoice: { id: string; number: string } | null; creditNoteNumber: string | null }
  | { status: 'rejected'; reason: UserMessage };

/** A line of an order to fulfil: a trial conversion (no version) or a change of an active subscription. */
export type OrderLine = ChangeLine;

export const isChangeLine = (l: OrderLine) => l.subscription_version !== null;

export async function orderLines(trx: Trx, orderId: string): Promise<OrderLine[]> {
  return trx
    .selectFrom('order_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .innerJoin('plan_tiers as t', 't.id', 'l.tier_id')
    .select(['l.subscription_id', 'l.tier_id', 'l.seats', 'l.frequency', 'l.period_start', 'l.period_end', 'l.plan_amount', 'l.credit_amount', 'l.subscription_version', 'p.name as product', 't.name as tier'])
    .where('l.order_id', '=', orderId)
    .orderBy('l.id')
    .execute();
}

/**
 * BC-5 / WF-1 / WF-2: fulfils a paid (or free) order in the caller's ONE transaction, the order row
 * locked by the caller. Every line is checked before anything is written — a conversion's trial must
 * still run, a change's subscription must still be the version it was priced against (WF-2's version
 * check) — so an order is applied whole or not at all. Then every line is applied and the order gets
 * one document: an invoice listing every line (something was due, or `invoiceWhenZero`), or — when the
 * changes' credit for unused time exceeds the rest (Σ N − Σ C < 0) — the surplus joins the credit
 * balance, documented by one credit note.
 */
export async function fulfilOrder(
  trx: Trx,
  input: { order: Order; seller: PartySnapshot; invoiceWhenZero: boolean },
): Promise<FulfilResult> {
  const { order } = input;
  const orderId = order.id;
  const lines = await orderLines(trx, orderId);
  // Lock every subscription of the order in one order (id), so two orders never deadlock.
  const subs = await trx
    .selectFrom('subscriptions')
    .select(['id', 'status', 'tier_id', 'seats', 'frequency', 'current_period_start'])
    .where('id', 'in', lines.map((l) => l.subscription_id!))
    .orderBy('id')
    .forUpdate()
    .execute();
  const paid = order.total > 0n;
  for (const l of lines) {
    if (isChangeLine(l)) {
      const refusal = await changeLineRefusal(trx, l, paid);
      if (refusal) return { status: 'rejected', reason: refusal };
      continue;
    }
    const sub = subs.find((s) => s.id === l.subscription_id);
    if (sub?.status !== 'trial') return { status: 'rejected', reason: userMessage('errors.order.trialEndedMeanwhile', { product: l.product, refunded: paid ? 'yes' : 'no' }) };
  }
  for (const l of lines) {
    const before = subs.find((s) => s.id === l.subscription_id)!;
    if (isChangeLine(l)) {
      await applyChangeLine(trx, l);
      await trx
        .insertInto('audit_log')
        .values({ actor_realm: 'workflow', account_id: order.account_id, action: 'subscription.changed', subject_id: l.subscription_id!, data: { order: orderId, from: { tier: before.tier_id, seats: before.seats, frequency: before.frequency }, to: { tier: l.tier_id, seats: l.seats, frequency: l.frequency } } })
        .execute();
      continue;
    }
    await trx
      .updateTable('subscriptions')
      .set((eb) => ({
        status: 'active',
        tier_id: l.tier_id,
        seats: l.seats,
        frequency: l.frequency as Frequency,
        current_period_start: l.period_start!,
        current_period_end: l.period_end!,
        last_charge_amount: l.plan_amount,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', l.subscription_id!)
      .execute();
  }

  const currency = order.currency as Currency;
  const gross = lines.reduce((sum, l) => sum + l.plan_amount - l.credit_amount, 0n); // Σ N − Σ C
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
    const periodStarts = changes.map((l) => subs.find((s) => s.id === l.subscription_id)!.current_period_start!).filter(Boolean);
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
      await trx.insertInto('credit_note_lines').values(creditNoteLines(lines).map((l, i) => ({ id: newId('cnl'), credit_note_id: creditNoteId, sort: i, ...l }))).execute();
      creditNoteNumber = num.number;
    } else {
      await trx.insertInto('audit_log').values({ actor_realm: 'workflow', account_id: order.account_id, action: 'credit_note.no_invoice', subject_id: orderId, data: { amount: surplus.toString() } }).execute();
    }
  } else if (gross > 0n || input.invoiceWhenZero) {
    const invoiceLines = orderInvoiceLines(lines);
    if (order.credit_applied > 0n) {
      invoiceLines.push({ ...what('credit_applied', null, null, null), quantity: 1, unit_amount: -order.credit_applied, amount: -order.credit_applied, period_start: null, period_end: null });
    }
    invoice = await issuePaidOrderInvoice(trx, { order, seller: input.seller, issuedAt, lines: invoiceLines });
  }
  await trx.updateTable('orders').set({ status: 'completed', completed_at: issuedAt }).where('id', '=', orderId).execute();
  await trx
    .insertInto('audit_log')
    .values({ actor_realm: 'workflow', account_id: order.account_id, action: 'order.completed', subject_id: orderId, data: { invoice: invoice?.number ?? null, creditNote: creditNoteNumber } })
    .execute();
  return { status: 'completed', invoice, creditNoteNumber };
}

/** The documents of a completed order (a re-run after a crash answers with these). */
export async function orderDocuments(trx: Trx, orderId: string) {
  const inv = await trx.selectFrom('invoices').select(['id', 'number']).where('order_id', '=', orderId).executeTakeFirst();
  const cn = await trx.selectFrom('credit_notes').select('number').where('order_id', '=', orderId).executeTakeFirst();
  return { invoice: inv ?? null, creditNoteNumber: cn?.number ?? null };
}

/**
 * BC-3 / BC-5: the order's confirmation email — once (keyed by the caller) — listing every line: a
 * conversion with its plan, a change with its new plan and its credit for unused time; the totals; the
 * invoice, or the credit note and what joined the credit balance for a net-negative order.
 */
export async function sendOrderConfirmationEmail(deps: { db: Db; mailer: Mailer; appUrl: string }, orderId: string, idempotencyKey: string): Promise<void> {
  const { db } = deps;
  const order = await db
    .selectFrom('orders as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
    .leftJoin('invoices as i', 'i.order_id', 'o.id')
    .leftJoin('credit_notes as c', 'c.order_id', 'o.id')
    .select(['o.id', 'o.currency', 'o.subtotal', 'o.credit_applied', 'o.tax', 'o.total', 'o.reverse_charge', 'o.tax_rate_basis_points', 'u.email', 'u.name', 'u.locale', 'i.number as invoice_number', 'i.id as invoice_id', 'c.number as credit_note_number'])
    .where('o.id', '=', orderId)
    .executeTakeFirstOrThrow();
  const locale = toLocale(order.locale);
  const lines = await db
    .selectFrom('order_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .innerJoin('plan_tiers as t', 't.id', 'l.tier_id')
    .select(['p.name as product', 't.name as tier', 'l.seats', 'l.frequency', 'l.plan_amount', 'l.credit_amount', 'l.subscription_version', 'l.period_end'])
    .where('l.order_id', '=', orderId)
    .orderBy('l.id')
    .execute();
  const currency = order.currency as Currency;
  const fmt = (amount: bigint) => formatMoney({ amount, currency }, locale);
  const date = new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'long', timeZone: 'UTC' });
  await sendEmailOnce(deps, {
    key: idempotencyKey,
    to: order.email,
    locale,
    template: 'orderConfirmation',
    data: {
      name: order.name,
      orderId,
      invoiceNumber: order.invoice_number,
      creditNoteNumber: order.credit_note_number,
      lines: lines.map((l) => ({
        kind: l.subscription_version !== null ? ('change' as const) : ('conversion' as const),
        product: l.product,
        tier: l.tier,
        seats: l.seats,
        frequency: l.frequency as 'monthly' | 'annual',
        amount: fmt(l.plan_amount),
        unusedCredit: l.subscription_version !== null ? fmt(l.credit_amount) : null,
        nextBilling: l.period_end ? date.format(l.period_end) : '',
      })),
      creditApplied: order.credit_applied > 0n ? fmt(order.credit_applied) : null,
      tax: fmt(order.tax),
      taxRate: `${(order.tax_rate_basis_points / 100).toLocaleString(intlTag(locale))} %`,
      reverseChargeNote: order.reverse_charge ? translate(locale, 'doc.reverseChargeNote') : null,
      total: fmt(order.total),
      creditAdded: order.subtotal < 0n ? fmt(-order.subtotal) : null,
      orderUrl: `${deps.appUrl}/billing/orders/${orderId}`,
      invoiceUrl: order.invoice_id ? `${deps.appUrl}/billing/invoices/${order.invoice_id}/pdf` : null,
    },
  });
}
