import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { workflowIds } from '../../workflows/shared';
import { portalCallerFor, testPayments } from '../helpers/callers';
import { createCaller } from '../../server/trpc/root';
import { ensureInvoicePaymentWorkflows } from '../../server/services/portal/invoice-payment';
import { env } from '../../server/env';
import { settledEmailsTo, type ReceivedEmail } from '../helpers/maildev';
import { corporateFixture } from '../helpers/portal';
import { useSeededStack } from '../helpers/seeded-stack';
import { authenticate3ds, CARDS, createCard, paymentIntent, refundsOf } from '../helpers/stripe';
import { searchAttributesAt } from '../helpers/temporal';
import { until } from '../helpers/worker-process';
import { callerAs } from '../helpers/realms';

const key = () => randomUUID().replace(/-/g, '');

/** Voids chosen invoices just before their payment is recorded (see the refund test). */
const voidBeforeRecording = new Set<string>();

describe('CP-6 / WF-5 pay an invoice from the Corporate Billing Portal, in full or in part, through tRPC, Temporal, Stripe and SMTP', () => {
  const stack = useSeededStack({
    // Fault injection only: an invoice voided by operations between the charge and its recording cannot
    // be produced on demand otherwise. The real activity then runs.
    activities: (real) => ({
      ...real,
      async fulfilOrder(input) {
        const line = await stack.db.selectFrom('order_lines').select('invoice_id').where('order_id', '=', input.orderId).executeTakeFirst();
        if (line?.invoice_id && voidBeforeRecording.has(line.invoice_id)) {
          await stack.db.updateTable('invoices').set({ status: 'void' }).where('id', '=', line.invoice_id).execute();
        }
        return real.fulfilOrder(input);
      },
    }),
  });
  const portal = async (loginId: string, locale: 'en' | 'it' = 'en') => portalCallerFor(stack.deps(), loginId, locale);
  const invoiceNumber = async (id: string) => (await stack.db.selectFrom('invoices').select('number').where('id', '=', id).executeTakeFirstOrThrow()).number;
  const invoice = (id: string) => stack.db.selectFrom('invoices').select(['total', 'amount_paid', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
  async function refused(p: Promise<unknown>, code: TRPCError['code']): Promise<TRPCError> {
    const err = await p.then(() => null, (e: unknown) => e);
    expect(err, 'expected a refusal').toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe(code);
    return err as TRPCError;
  }
  /**
   * The refund email sends the portal contact to the invoice's page in the portal (never /billing/…,
   * which a portal contact cannot open), labelled in their language; and the page's data answers for them.
   */
  async function expectPortalInvoiceLink(mail: ReceivedEmail, api: Awaited<ReturnType<typeof portal>>, invoiceId: string, label: string) {
    const linked = mail.text.match(new RegExp(`${label}: (\\S+)`))?.[1];
    expect(linked).toBe(`${env().APP_URL}/portal/invoices/${invoiceId}`);
    expect(mail.html).toContain(`<a href="${linked}">${label}</a>`);
    expect(mail.text + mail.html).not.toContain('/billing/');
    // The page behind the link (app/portal/invoices/[invoiceId]) renders portal.invoices.get: it answers for this contact.
    const [, section, idInLink] = new URL(linked!).pathname.match(/^\/portal\/(invoices)\/([^/]+)$/)!;
    expect(section).toBe('invoices');
    await expect(api.portal.invoices.get({ invoiceId: idInLink! })).resolves.toMatchObject({ id: invoiceId, status: 'void' });
  }
  async function completed(api: Awaited<ReturnType<typeof portal>>, orderId: string) {
    return until(`invoice payment ${orderId} to finish`, async () => {
      const p = await api.portal.invoices.payment.progress({ orderId });
      return (p.status === 'completed' && p.emailSent) || p.status === 'failed' ? p : null;
    });
  }

  it('CP-6 WF-5: part of an invoice, then the rest — one charge each, balance and status follow, a receipt each (PDF attached), search attributes', { timeout: 90_000 }, async () => {
    const f = await corporateFixture(stack.db, { invoices: 3 });
    const api = await portal(f.loginId);
    const invoiceId = f.invoiceIds[0]!; // open, 1,000.00, nothing paid
    const view = await api.portal.invoices.payment.get({ invoiceId });
    expect(view).toMatchObject({ invoiceId, currency: 'USD', total: 100_000n, amountPaid: 0n, payable: true, range: { balance: 100_000n, inProgress: 0n, payable: 100_000n, minimum: 50n } });
    const card = await createCard(CARDS.visa);

    const first = await api.portal.invoices.payment.pay({ invoiceId, amount: '30000', paymentMethodId: card, idempotencyKey: key() });
    expect(first.payment).toEqual({ status: 'succeeded' });
    const p1 = await completed(api, first.orderId);
    expect(p1).toMatchObject({ status: 'completed', amount: 30_000n, receipt: { balance: 70_000n, paidToDate: 30_000n, card: 'Visa •••• 4242' }, emailSent: true });
    expect(await invoice(invoiceId)).toEqual({ total: 100_000n, amount_paid: 30_000n, status: 'open' });
    const list1 = await api.portal.invoices.list();
    expect(list1.invoices.find((i) => i.id === invoiceId)).toMatchObject({ amountPaid: 30_000n, balance: 70_000n, state: 'partially_paid' });
    expect(await searchAttributesAt(stack.worker.client, workflowIds.invoicePayment(first.orderId), 'completed')).toEqual({ accountId: f.accountId, orderId: first.orderId, status: 'completed' });

    const rest = await api.portal.invoices.payment.get({ invoiceId });
    expect(rest.range).toMatchObject({ balance: 70_000n, payable: 70_000n });
    const second = await api.portal.invoices.payment.pay({ invoiceId, amount: '70000', paymentMethodId: card, idempotencyKey: key() });
    expect(second.payment).toEqual({ status: 'succeeded' });
    expect(await completed(api, second.orderId)).toMatchObject({ status: 'completed', receipt: { balance: 0n, paidToDate: 100_000n } });
    expect(await invoice(invoiceId)).toEqual({ total: 100_000n, amount_paid: 100_000n, status: 'paid' });

    for (const [orderId, amount] of [[first.orderId, 30_000], [second.orderId, 70_000]] as const) {
      const pays = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).execute();
      expect(pays).toHaveLength(1);
      expect(pays[0]).toMatchObject({ invoice_id: invoiceId, status: 'succeeded', amount: BigInt(amount) });
      expect(await paymentIntent(pays[0]!.stripe_payment_intent_id!)).toMatchObject({ status: 'succeeded', amount });
      // No second invoice: paying an invoice is not invoiced again.
      expect(await stack.db.selectFrom('invoices').select('id').where('order_id', '=', orderId).execute()).toEqual([]);
    }
    const mails = await settledEmailsTo(stack.db, f.billing.email, /Payment receipt/, { atLeast: 2 });
    expect(mails).toHaveLength(2);
    expect(mails.map((m) => m.text).join('\n')).toContain('Balance still due: $700.00');
    expect(mails.map((m) => m.text).join('\n')).toContain('paid in full');
    expect(mails.every((m) => JSON.stringify(m).includes('application/pdf'))).toBe(true);
    await refused(api.portal.invoices.payment.pay({ invoiceId, amount: '100', paymentMethodId: null, idempotencyKey: key() }), 'CONFLICT');

    // BO-2: operations sees the invoice payment order — its line kind, the invoice it paid, its workflow.
    const ops = await callerAs({ db: stack.db }, { staff: 'otto.ops@seatplan.example' });
    const number = (await invoiceNumber(invoiceId));
    const seen = await ops.ops.orders.get({ orderId: first.orderId });
    expect(seen).toMatchObject({ kind: 'invoice_payment', status: 'completed', total: 30_000n, workflow: { id: workflowIds.invoicePayment(first.orderId) } });
    expect(seen.lines).toEqual([expect.objectContaining({ kind: 'invoice_payment', invoiceNumber: number, planAmount: 30_000n, product: null })]);
  });

  it('CP-6: more than the balance, a paid invoice, below the minimum, a rest too small, a malformed amount and another account’s invoice are refused in the user’s language, and nothing is written', async () => {
    const f = await corporateFixture(stack.db, { invoices: 3 });
    const other = await corporateFixture(stack.db, { invoices: 1 });
    const en = await portal(f.loginId);
    const it = await portal(f.loginId, 'it');
    const partPaid = f.invoiceIds[1]!; // 1,000.01, 400.00 paid
    const pay = (api: typeof en, invoiceId: string, amount: string) => api.portal.invoices.payment.pay({ invoiceId, amount, paymentMethodId: null, idempotencyKey: key() });
    expect((await refused(pay(en, partPaid, '60002'), 'BAD_REQUEST')).message).toBe('The amount is more than the balance due of $600.01. Enter at most $600.01.');
    expect((await refused(pay(it, partPaid, '60002'), 'BAD_REQUEST')).message).toMatch(/^L’importo supera il saldo da pagare di 600,01\s+USD\. Inserisci al massimo 600,01\s+USD\.$/);
    expect((await refused(pay(en, f.invoiceIds[2]!, '100'), 'CONFLICT')).message).toMatch(/already paid in full/);
    expect((await refused(pay(it, f.invoiceIds[2]!, '100'), 'CONFLICT')).message).toMatch(/già pagata per intero/);
    expect((await refused(pay(en, partPaid, '49'), 'BAD_REQUEST')).message).toBe('The smallest card payment is $0.50. Enter at least $0.50.');
    expect((await refused(pay(en, partPaid, '59961'), 'BAD_REQUEST')).message).toMatch(/leave \$0\.40/);
    expect((await refused(pay(en, partPaid, '12.50'), 'BAD_REQUEST')).message).toMatch(/Enter the amount/);
    expect((await refused(pay(en, partPaid, '0'), 'BAD_REQUEST')).message).toMatch(/Enter the amount/);
    expect((await refused(pay(en, other.invoiceIds[0]!, '100'), 'NOT_FOUND')).message).toBe('Invoice not found.');
    await refused(en.portal.invoices.payment.get({ invoiceId: other.invoiceIds[0]! }), 'NOT_FOUND');
    expect(await stack.db.selectFrom('orders').select('id').where('account_id', 'in', [f.accountId, other.accountId]).execute()).toEqual([]);
    expect(await invoice(partPaid)).toEqual({ total: 100_001n, amount_paid: 40_000n, status: 'open' });
  });

  it('CP-6: the same idempotency key twice is one order and one charge', { timeout: 60_000 }, async () => {
    const f = await corporateFixture(stack.db, { invoices: 1 });
    const api = await portal(f.loginId);
    const input = { invoiceId: f.invoiceIds[0]!, amount: '25000', paymentMethodId: await createCard(CARDS.visa), idempotencyKey: key() };
    const [a, b] = await Promise.all([api.portal.invoices.payment.pay(input), api.portal.invoices.payment.pay(input)]);
    expect(a.orderId).toBe(b.orderId);
    await completed(api, a.orderId);
    expect(await stack.db.selectFrom('payments').select('id').where('account_id', '=', f.accountId).where('order_id', 'is not', null).execute()).toHaveLength(1);
    expect(await invoice(f.invoiceIds[0]!)).toMatchObject({ amount_paid: 25_000n, status: 'open' });
  });

  it('CP-6: two payments racing for the same balance never overpay — the second is refused before any charge', { timeout: 60_000 }, async () => {
    const f = await corporateFixture(stack.db, { invoices: 1 });
    const api = await portal(f.loginId);
    const invoiceId = f.invoiceIds[0]!;
    const card = await createCard(CARDS.visa);
    const results = await Promise.allSettled([0, 1, 2].map(() => api.portal.invoices.payment.pay({ invoiceId, amount: '60000', paymentMethodId: card, idempotencyKey: key() })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(TRPCError);
      // Refused either while the first is in flight (CONFLICT) or once it is recorded (above the balance).
      expect(['CONFLICT', 'BAD_REQUEST']).toContain((r as PromiseRejectedResult).reason.code);
      expect((r as PromiseRejectedResult).reason.message).toMatch(/being processed: at most \$400\.00|more than the balance/);
    }
    await completed(api, (ok[0] as PromiseFulfilledResult<{ orderId: string }>).value.orderId);
    const pays = await stack.db.selectFrom('payments').select(['amount', 'status']).where('account_id', '=', f.accountId).where('order_id', 'is not', null).execute();
    expect(pays).toEqual([{ amount: 60_000n, status: 'succeeded' }]);
    expect(await invoice(invoiceId)).toMatchObject({ amount_paid: 60_000n, status: 'open' });
  });

  it('CP-6 WF-5: a card declined when charged records nothing; the page says why', { timeout: 60_000 }, async () => {
    const f = await corporateFixture(stack.db, { invoices: 1 });
    const api = await portal(f.loginId, 'it');
    const paid = await api.portal.invoices.payment.pay({ invoiceId: f.invoiceIds[0]!, amount: '10000', paymentMethodId: await createCard(CARDS.declinedOnCharge), idempotencyKey: key() });
    expect(paid.payment).toMatchObject({ status: 'failed' });
    const p = await completed(api, paid.orderId);
    expect(p).toMatchObject({ status: 'failed', receipt: null });
    expect(p.failureReason).toBeTruthy();
    expect(await invoice(f.invoiceIds[0]!)).toEqual({ total: 100_000n, amount_paid: 0n, status: 'open' });
    // The failed order claims nothing any more: the whole balance is payable again.
    expect((await api.portal.invoices.payment.get({ invoiceId: f.invoiceIds[0]! })).range.payable).toBe(100_000n);
  });

  it('CP-6 WF-5: 3-D Secure — the payment waits for the contact, then is recorded', { timeout: 60_000 }, async () => {
    const f = await corporateFixture(stack.db, { invoices: 1 });
    const api = await portal(f.loginId);
    const paid = await api.portal.invoices.payment.pay({ invoiceId: f.invoiceIds[0]!, amount: '100000', paymentMethodId: await createCard(CARDS.threeDSecure), idempotencyKey: key() });
    expect(paid.payment).toEqual({ status: 'requires_action' });
    const waiting = await until('the client secret', async () => (await api.portal.invoices.payment.progress({ orderId: paid.orderId })).clientSecret);
    // Meanwhile its claim holds the balance: nothing else can be paid.
    expect((await api.portal.invoices.payment.get({ invoiceId: f.invoiceIds[0]! })).range).toMatchObject({ inProgress: 100_000n, payable: 0n });
    await authenticate3ds(waiting);
    await api.portal.invoices.payment.actionDone({ orderId: paid.orderId });
    expect(await completed(api, paid.orderId)).toMatchObject({ status: 'completed', receipt: { balance: 0n } });
    expect(await invoice(f.invoiceIds[0]!)).toMatchObject({ amount_paid: 100_000n, status: 'paid' });
  });

  it('CP-6 WF-5: an invoice voided between the charge and its recording gets the money back through the core (one refund, one email)', { timeout: 60_000 }, async () => {
    const f = await corporateFixture(stack.db, { invoices: 1 });
    const api = await portal(f.loginId);
    voidBeforeRecording.add(f.invoiceIds[0]!);
    const paid = await api.portal.invoices.payment.pay({ invoiceId: f.invoiceIds[0]!, amount: '20000', paymentMethodId: await createCard(CARDS.visa), idempotencyKey: key() });
    const p = await completed(api, paid.orderId);
    expect(p).toMatchObject({ status: 'failed', refunded: true, receipt: null });
    expect(p.failureReason).toMatch(/was closed while the payment was processed.*refunded/);
    const pay = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', paid.orderId).executeTakeFirstOrThrow();
    expect(pay).toMatchObject({ status: 'refunded', invoice_id: null });
    const stripe = await refundsOf(pay.stripe_payment_intent_id!);
    expect(stripe.refunds).toHaveLength(1);
    expect(stripe.amountRefunded).toBe(20_000);
    const [mail] = await settledEmailsTo(stack.db, f.billing.email, /refund/i, { atLeast: 1 });
    expect(await settledEmailsTo(stack.db, f.billing.email, /refund/i)).toHaveLength(1);
    await expectPortalInvoiceLink(mail!, api, f.invoiceIds[0]!, 'View the invoice');
  });

  it('CP-6 WF-5: the refund email of an Italian portal contact links, in Italian, to the invoice in the portal — not to the Billing Center', { timeout: 60_000 }, async () => {
    const f = await corporateFixture(stack.db, { invoices: 1, country: 'IT' });
    await stack.db.updateTable('users').set({ locale: 'it' }).where('id', '=', f.billing.id).execute();
    const api = await portal(f.loginId, 'it');
    voidBeforeRecording.add(f.invoiceIds[0]!);
    const paid = await api.portal.invoices.payment.pay({ invoiceId: f.invoiceIds[0]!, amount: '20000', paymentMethodId: await createCard(CARDS.visa), idempotencyKey: key() });
    expect(await completed(api, paid.orderId)).toMatchObject({ status: 'failed', refunded: true });
    const [mail] = await settledEmailsTo(stack.db, f.billing.email, /Rimborso/, { atLeast: 1 });
    expect(mail!.subject).toBe(`Rimborso dell'ordine ${paid.orderId}`);
    await expectPortalInvoiceLink(mail!, api, f.invoiceIds[0]!, 'Visualizza la fattura');
  });

  it('CP-6 WF-5 recovery: an order committed while Temporal was unreachable is retried by the same request, or — abandoned — cancelled by the reconciler without any charge, its claim given back', { timeout: 60_000 }, async () => {
    const f = await corporateFixture(stack.db, { invoices: 1 });
    const invoiceId = f.invoiceIds[0]!;
    const c = await stack.db.selectFrom('portal_credentials').select(['id', 'account_id']).where('login_id', '=', f.loginId).executeTakeFirstOrThrow();
    // A web server that cannot reach Temporal: the order commits, its workflow never starts.
    const offline = createCaller({
      db: stack.db, temporal: async () => { throw new Error('connect ECONNREFUSED (Temporal is down)'); }, taskQueue: stack.worker.taskQueue, payments: testPayments(), now: () => new Date(),
      session: { realm: 'portal', subjectId: c.id, issuedAt: Math.floor(Date.now() / 1000), accountId: c.account_id, role: 'billing_contact' },
    });
    const card = await createCard(CARDS.visa);
    const abandoned = { invoiceId, amount: '40000', paymentMethodId: card, idempotencyKey: key() };
    await expect(offline.portal.invoices.payment.pay(abandoned)).rejects.toBeInstanceOf(TRPCError);
    const retried = { invoiceId, amount: '10000', paymentMethodId: card, idempotencyKey: key() };
    await expect(offline.portal.invoices.payment.pay(retried)).rejects.toBeInstanceOf(TRPCError);
    const api = await portal(f.loginId);
    expect((await api.portal.invoices.payment.get({ invoiceId })).range).toMatchObject({ inProgress: 50_000n, payable: 50_000n });

    // The contact presses Pay again (same key): the same order reaches its workflow and is paid once.
    const again = await api.portal.invoices.payment.pay(retried);
    expect(again).toMatchObject({ duplicate: true, payment: { status: 'succeeded' } });
    await completed(api, again.orderId);
    // The abandoned one: the reconciler cancels it (nothing was charged) and gives its claim back.
    expect(await ensureInvoicePaymentWorkflows({ db: stack.db, temporal: async () => stack.worker.client }, { minAgeMs: 0 })).toEqual({ cancelled: 1, failed: [] });
    expect(await ensureInvoicePaymentWorkflows({ db: stack.db, temporal: async () => stack.worker.client }, { minAgeMs: 0 })).toEqual({ cancelled: 0, failed: [] });
    const orders = await stack.db.selectFrom('orders').select(['id', 'status']).where('account_id', '=', f.accountId).orderBy('created_at').execute();
    expect(orders.map((o) => o.status)).toEqual(['cancelled', 'completed']);
    expect(await stack.db.selectFrom('payments').select('amount').where('order_id', '=', orders[0]!.id).execute()).toEqual([]);
    expect((await api.portal.invoices.payment.get({ invoiceId })).range).toMatchObject({ balance: 90_000n, inProgress: 0n, payable: 90_000n });
  });
});
