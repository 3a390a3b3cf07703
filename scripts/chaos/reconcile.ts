import type Stripe from 'stripe';
import type { Db } from '../../db/client';
import type { Attempt } from './run';

/** One line of the reconciliation: a figure, and whether it breaks a rule (`violations` > 0). */
export interface Figure {
  label: string;
  value: string;
  violations: number;
}

export interface Reconciliation {
  figures: Figure[];
  violations: number;
  /** Order IDs (or idempotency keys) behind each violated figure, for the investigation. */
  details: Record<string, string[]>;
}

const ENDED = new Set(['completed', 'failed', 'cancelled']);

/**
 * The chaos run's verdict, from Stripe's own records (every PaymentIntent and refund, through the
 * official SDK) and the database, for the orders of the run's accounts: none lost, unanswered or stuck,
 * none charged twice, money collected = totals of completed orders and nothing kept of the others, one
 * invoice per paid order with the order's total, invoice and credit-note numbers gapless (the whole
 * database), and the credit ledger as the orders say.
 */
export async function reconcile(deps: { db: Db; stripe: Stripe }, accountIds: string[], attempts: Attempt[]): Promise<Reconciliation> {
  const { db, stripe } = deps;
  const figures: Figure[] = [];
  const details: Record<string, string[]> = {};
  const add = (label: string, value: string | number | bigint, bad: string[] = []) => {
    figures.push({ label, value: String(value), violations: bad.length });
    if (bad.length) details[label] = bad;
  };

  const orders = await db.selectFrom('orders').select(['id', 'kind', 'status', 'subtotal', 'credit_applied', 'total', 'idempotency_key', 'failure_reason']).where('account_id', 'in', accountIds).execute();
  const byId = new Map(orders.map((o) => [o.id, o]));
  const byKey = new Map(orders.map((o) => [o.idempotency_key, o]));

  // --- what the users saw
  const kinds = [...new Set(attempts.map((a) => a.kind))].sort();
  for (const kind of kinds) {
    const of = attempts.filter((a) => a.kind === kind);
    add(`orders placed: ${kind}`, `${of.filter((a) => a.outcome === 'placed').length} of ${of.length} (${of.filter((a) => a.outcome === 'refused').length} refused with a clear error)`);
  }
  add('tries again after an error (the steps before Place order, or Place order with the same key)', attempts.reduce((n, a) => n + a.retries, 0));
  add('users left without an answer', attempts.filter((a) => a.outcome === 'unanswered').length, attempts.filter((a) => a.outcome === 'unanswered').map((a) => `${a.idempotencyKey}: ${a.error}`));
  const lost = attempts.filter((a) => a.outcome === 'placed' && !byId.has(a.orderId!)).map((a) => `${a.orderId} (${a.idempotencyKey})`);
  const known = new Set(attempts.map((a) => a.idempotencyKey));
  const unknown = orders.filter((o) => !known.has(o.idempotency_key)).map((o) => o.id);
  add('orders lost (given to a user, not in the database; or in it under a key no user sent)', lost.length + unknown.length, [...lost, ...unknown]);
  const refusedButOpen = attempts.filter((a) => a.outcome === 'refused' && byKey.has(a.idempotencyKey) && byKey.get(a.idempotencyKey)!.status === 'completed').map((a) => a.idempotencyKey);
  add('refused orders that went through anyway', refusedButOpen.length, refusedButOpen);

  // --- the orders in the database
  const count = (status: string) => orders.filter((o) => o.status === status).length;
  add('orders in the database: completed / failed / cancelled', `${count('completed')} / ${count('failed')} / ${count('cancelled')}`);
  const stuck = orders.filter((o) => !ENDED.has(o.status)).map((o) => `${o.id} (${o.kind}, ${o.status})`);
  add('orders stuck (not ended after the faults)', stuck.length, stuck);
  // A fault may delay an order, never decide it: it fails exactly when its card is declined and there is something to charge.
  const misjudged = attempts.flatMap((a) => {
    const o = a.outcome === 'placed' ? byId.get(a.orderId!) : undefined;
    if (!o || !ENDED.has(o.status)) return [];
    const expected = a.declinedCard && o.total > 0n ? 'failed' : 'completed';
    return o.status === expected ? [] : [`${o.id} (${a.kind}, ${a.declinedCard ? 'declined card' : 'card that pays'}, total ${o.total}): ${o.status}${o.failure_reason ? ` — ${o.failure_reason}` : ''}, expected ${expected}`];
  });
  add(`orders ended otherwise than their card says (${attempts.filter((a) => a.declinedCard).length} declined cards)`, misjudged.length, misjudged);

  // --- Stripe's records
  const intents: Stripe.PaymentIntent[] = [];
  for await (const pi of stripe.paymentIntents.list({ limit: 100 })) {
    const orderId = pi.metadata?.seatplan_order_id;
    if (orderId && byId.has(orderId)) intents.push(pi);
  }
  const collected = new Map<string, bigint>(); // order → charged − refunded, at Stripe
  const charges = new Map<string, number>(); // order → succeeded intents
  let charged = 0n;
  let refunded = 0n;
  for (const pi of intents) {
    if (pi.status !== 'succeeded') continue;
    const orderId = pi.metadata.seatplan_order_id!;
    const back = (await stripe.refunds.list({ payment_intent: pi.id, limit: 100 })).data.filter((r) => r.status === 'succeeded').reduce((n, r) => n + BigInt(r.amount), 0n);
    charged += BigInt(pi.amount);
    refunded += back;
    collected.set(orderId, (collected.get(orderId) ?? 0n) + BigInt(pi.amount) - back);
    charges.set(orderId, (charges.get(orderId) ?? 0) + 1);
  }
  add('Stripe: PaymentIntents of these orders (succeeded)', `${intents.length} (${[...charges.values()].reduce((a, b) => a + b, 0)})`);
  add('Stripe: charged / refunded (minor units)', `${charged} / ${refunded}`);
  const doubles = [...charges].filter(([, n]) => n > 1).map(([id, n]) => `${id}: ${n} charges`);
  add('orders charged more than once', doubles.length, doubles);

  const completed = orders.filter((o) => o.status === 'completed');
  const due = completed.reduce((n, o) => n + o.total, 0n);
  const kept = completed.reduce((n, o) => n + (collected.get(o.id) ?? 0n), 0n);
  const wrong = completed.filter((o) => (collected.get(o.id) ?? 0n) !== o.total).map((o) => `${o.id}: total ${o.total}, collected ${collected.get(o.id) ?? 0n}`);
  add(`money collected for completed orders = their totals (${kept} = ${due})`, wrong.length, wrong);
  const keptOfFailed = orders.filter((o) => o.status !== 'completed' && (collected.get(o.id) ?? 0n) !== 0n).map((o) => `${o.id} (${o.status}): ${collected.get(o.id)} kept`);
  add('failed or cancelled orders not fully refunded', keptOfFailed.length, keptOfFailed);

  // The database's own record of the money agrees with Stripe's.
  const pays = await db.selectFrom('payments').select(['id', 'order_id', 'amount', 'status']).where('account_id', 'in', accountIds).execute();
  const refunds = pays.length ? await db.selectFrom('refunds').select(['payment_id', 'amount']).where('payment_id', 'in', pays.map((p) => p.id)).execute() : [];
  const dbNet = new Map<string, bigint>();
  for (const p of pays) if (p.status === 'succeeded' || p.status === 'refunded' || p.status === 'partially_refunded') dbNet.set(p.order_id!, (dbNet.get(p.order_id!) ?? 0n) + p.amount);
  for (const r of refunds) {
    const p = pays.find((x) => x.id === r.payment_id)!;
    dbNet.set(p.order_id!, (dbNet.get(p.order_id!) ?? 0n) - r.amount);
  }
  const disagree = orders.filter((o) => (dbNet.get(o.id) ?? 0n) !== (collected.get(o.id) ?? 0n)).map((o) => `${o.id}: database ${dbNet.get(o.id) ?? 0n}, Stripe ${collected.get(o.id) ?? 0n}`);
  add('orders whose payments in the database disagree with Stripe', disagree.length, disagree);

  // --- invoices
  const invoices = await db.selectFrom('invoices').select(['id', 'order_id', 'total']).where('account_id', 'in', accountIds).execute();
  const invoicesOf = new Map<string, bigint[]>();
  for (const i of invoices) if (i.order_id) invoicesOf.set(i.order_id, [...(invoicesOf.get(i.order_id) ?? []), i.total]);
  const badInvoices = orders.flatMap((o) => {
    const its = invoicesOf.get(o.id) ?? [];
    if (o.status !== 'completed') return its.length ? [`${o.id} (${o.status}) has ${its.length} invoice(s)`] : [];
    if (o.total > 0n && its.length !== 1) return [`${o.id} paid ${o.total}, ${its.length} invoices`];
    if (its.length > 1 || (o.subtotal < 0n && its.length > 0)) return [`${o.id} (subtotal ${o.subtotal}) has ${its.length} invoices`];
    return its.filter((t) => t !== o.total).map((t) => `${o.id}: invoice total ${t}, order total ${o.total}`);
  });
  add(`invoices: ${invoices.length} for ${completed.filter((o) => o.total > 0n).length} paid orders; one per paid order, with its total`, badInvoices.length, badInvoices);
  for (const [table, label] of [['invoices', 'invoice numbers'], ['credit_notes', 'credit note numbers']] as const) {
    const rows = await db.selectFrom(table).select(['year', 'seq', 'number']).execute();
    const bad: string[] = [];
    for (const year of new Set(rows.map((r) => r.year))) {
      const seqs = rows.filter((r) => r.year === year).map((r) => r.seq).sort((a, b) => a - b);
      seqs.forEach((s, i) => { if (s !== i + 1) bad.push(`${year}: position ${i + 1} holds ${s}`); });
    }
    if (new Set(rows.map((r) => r.number)).size !== rows.length) bad.push('a number is used twice');
    add(`${label} gapless (${rows.length} in the database)`, bad.length, bad.slice(0, 20));
  }

  // --- the credit ledger
  const ledger = await db.selectFrom('credit_ledger').select(['account_id', 'order_id', 'reason', 'amount']).where('account_id', 'in', accountIds).execute();
  const sum = (orderId: string, reason: string) => ledger.filter((l) => l.order_id === orderId && l.reason === reason).reduce((n, l) => n + l.amount, 0n);
  const badLedger = orders.flatMap((o) => {
    const expected = {
      applied_to_order: -o.credit_applied,
      refund: o.status === 'completed' ? 0n : o.credit_applied,
      proration_credit: o.status === 'completed' && o.subtotal < 0n ? -o.subtotal : 0n,
    };
    return Object.entries(expected).filter(([reason, amount]) => sum(o.id, reason) !== amount).map(([reason, amount]) => `${o.id} (${o.status}) ${reason}: ledger ${sum(o.id, reason)}, expected ${amount}`);
  });
  const balances = await db.selectFrom('credit_balances').select(['account_id', 'balance']).where('account_id', 'in', accountIds).execute();
  for (const b of balances) {
    const total = ledger.filter((l) => l.account_id === b.account_id).reduce((n, l) => n + l.amount, 0n);
    if (BigInt(b.balance) !== total || total < 0n) badLedger.push(`${b.account_id}: balance ${b.balance}, ledger ${total}`);
  }
  const used = orders.filter((o) => o.status === 'completed').reduce((n, o) => n + o.credit_applied, 0n);
  const earned = orders.filter((o) => o.status === 'completed' && o.subtotal < 0n).reduce((n, o) => n - o.subtotal, 0n);
  add(`credit ledger as the orders say (${ledger.length} entries; credit earned ${earned}, spent ${used})`, badLedger.length, badLedger);

  return { figures, violations: figures.reduce((n, f) => n + f.violations, 0), details };
}

/** The figures as a table (markdown, readable in a terminal and in the README). */
export function renderFigures(r: Reconciliation): string {
  const rows = r.figures.map((f) => `| ${f.label} | ${f.value} | ${f.violations ? `✗ ${f.violations} violation${f.violations > 1 ? 's' : ''}` : '✓'} |`);
  return ['| figure | value | verdict |', '|---|---|---|', ...rows].join('\n');
}
