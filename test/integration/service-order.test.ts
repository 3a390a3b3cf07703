import { ApplicationFailure } from '@temporalio/activity';
import { describe, expect, it } from 'vitest';
import { env } from '../../server/env';
import { stripeClient } from '../../server/payments/stripe-gateway';
import { ProvisioningRefusedError } from '../../server/provisioning/adapter';
import { createCorporateAccount } from '../helpers/corporate';
import type { Db } from '../../db/client';
import { useQuoteStack } from '../helpers/quote-stack';
import type { Who } from '../helpers/realms';
import { settledEmailsTo } from '../helpers/maildev';
import { CARDS, createCard, refundsOf } from '../helpers/stripe';
import { searchAttributesAt } from '../helpers/temporal';

/** A corporate account with a real (localstripe) customer and card, as the Payment method tab would leave it. */
async function payingAccount(db: Db, card: string = CARDS.visa) {
  const stripe = stripeClient(env());
  const customer = await stripe.customers.create({ name: 'Corp' });
  const pm = await createCard(card);
  await stripe.paymentMethods.attach(pm, { customer: customer.id });
  return createCorporateAccount(db, { stripeCustomerId: customer.id, stripePaymentMethodId: pm });
}

describe('WF-3 / CP-10 service order on the real stack: place → payment → provisioning → invoice → receipt', () => {
  /** Products the test's provisioner refuses: a fault the embedded provisioner cannot produce on demand (test double, injected only for this). */
  const refused = new Set<string>();
  /** Accounts whose subscriptions end just after the admin is provisioned — a state change a person could make at that moment, made here by the test. */
  const endsMeanwhile = new Set<string>();
  const stack = useQuoteStack({
    activities: (real) => ({
      ...real,
      async provisionAdmin(input) {
        await real.provisionAdmin(input);
        const so = await stack.db.selectFrom('service_orders').select('account_id').where('id', '=', input.serviceOrderId).executeTakeFirstOrThrow();
        if (endsMeanwhile.has(so.account_id)) await stack.db.updateTable('subscriptions').set({ status: 'cancelled' }).where('account_id', '=', so.account_id).where('product_id', '=', 'prd_training').execute();
      },
      async provisionProduct(input) {
        const so = await stack.db.selectFrom('service_orders').select('account_id').where('id', '=', input.serviceOrderId).executeTakeFirstOrThrow();
        if (refused.has(`${so.account_id}:${input.productId}`)) {
          // The real activity's conversion of a permanent refusal (non-retryable), fed the refusal an external provisioner would answer.
          throw ApplicationFailure.nonRetryable(new ProvisioningRefusedError(`${input.productId} is retired at the provisioner`).message, 'ProvisioningRefused');
        }
        return real.provisionProduct(input);
      },
    }),
  });
  const as = (who: Who) => stack.as(who);

  /** Seed 000 through the procedures the pages call: quote → Completa il pagamento → Salva e procedi → Effettua ordine di servizio. */
  async function placeOrder(corp: Awaited<ReturnType<typeof payingAccount>>, items = [{ productId: 'prd_meeting', seats: 5 }, { productId: 'prd_training', seats: 2 }]) {
    const portal = await as({ portal: corp.portalLoginId });
    const { quoteId } = await portal.portal.addSeats.createQuote({ items });
    const { serviceOrderId } = await portal.portal.addSeats.saveServiceOrder({ quoteId, admin: { userId: null, name: 'Nina New', email: `nina-${corp.tag}@corp.example` }, billingAddress: { street: '1 Corporate Way', city: 'Springfield', postcode: '62704', region: 'IL' } });
    await portal.portal.addSeats.placeServiceOrder({ serviceOrderId });
    return { portal, quoteId, serviceOrderId };
  }
  const result = (serviceOrderId: string) => stack.worker.client.workflow.getHandle(`service-order-${serviceOrderId}`).result();
  const paymentsOf = async (serviceOrderId: string) => {
    const so = await stack.db.selectFrom('service_orders').select('order_id').where('id', '=', serviceOrderId).executeTakeFirstOrThrow();
    return stack.db.selectFrom('payments').select(['step', 'status', 'amount', 'stripe_payment_intent_id']).where('order_id', '=', so.order_id!).orderBy('step').execute();
  };
  const seats = async (subscriptionId: string) => (await stack.db.selectFrom('subscriptions').select('seats').where('id', '=', subscriptionId).executeTakeFirstOrThrow()).seats;

  it('WF-3 CP-10: the service order page\'s read answers each step as WF-3 commits it (order_changed), never an unchanged page before its wait ends, until the receipt is out', async () => {
    const corp = await payingAccount(stack.db);
    const { portal, serviceOrderId } = await placeOrder(corp, [{ productId: 'prd_meeting', seats: 1 }]);
    let view = await portal.portal.addSeats.serviceOrder({ serviceOrderId });
    const seen = [view.version];
    const started = Date.now();
    while (!(view.status === 'completed' && view.receiptSent) && seen.length < 40) {
      view = await portal.portal.addSeats.serviceOrder({ serviceOrderId, after: view.version });
      // Each answer came before the 20 s wait ended, so it carries a change.
      expect(view.version).not.toBe(seen.at(-1));
      seen.push(view.version);
    }
    expect(view).toMatchObject({ status: 'completed', receiptSent: true });
    expect(Date.now() - started).toBeLessThan(20_000);
    // Settled: a read with its own version answers at once.
    const again = await portal.portal.addSeats.serviceOrder({ serviceOrderId, after: view.version });
    expect(again.version).toBe(view.version);
  });

  it('WF-3 CP-10: the card is charged once, seats and the new admin are provisioned, the invoice carries a gapless number, the PO and a due date, the receipt goes to the contact and the invoice recipients', async () => {
    const corp = await payingAccount(stack.db);
    await stack.db.insertInto('invoice_recipients').values({ id: `irc_${corp.tag}`, account_id: corp.accountId, email: `ap-${corp.tag}@corp.example`, name: 'AP' }).execute();
    const { portal, quoteId, serviceOrderId } = await placeOrder(corp);
    // Placing again answers with the same order.
    await portal.portal.addSeats.placeServiceOrder({ serviceOrderId });
    expect(await result(serviceOrderId)).toBe('completed');

    const so = await portal.portal.addSeats.serviceOrder({ serviceOrderId });
    expect(so.status).toBe('completed');
    expect(so.provisions.map((p) => [p.productId, p.seats, p.status])).toEqual([['prd_meeting', 5, 'applied'], ['prd_training', 2, 'applied']]);
    expect(await seats(corp.subscriptions.meeting)).toBe(55);
    expect(await seats(corp.subscriptions.training)).toBe(12);
    const nina = await stack.db.selectFrom('users').select(['id', 'role']).where('email', '=', `nina-${corp.tag}@corp.example`).executeTakeFirstOrThrow();
    expect(nina.role).toBe('account_admin');
    expect((await stack.db.selectFrom('seat_assignments').select('subscription_id').where('user_id', '=', nina.id).execute()).map((s) => s.subscription_id).sort()).toEqual([corp.subscriptions.meeting, corp.subscriptions.training].sort());

    const quote = await portal.portal.quotes.get({ quoteId });
    expect(quote.status).toBe('accepted');
    const invoice = await stack.db.selectFrom('invoices').selectAll().where('id', '=', so.invoice!.id).executeTakeFirstOrThrow();
    expect(invoice).toMatchObject({ total: quote.total, status: 'paid', purchase_order_number: corp.purchaseOrderNumber });
    expect(invoice.due_at).not.toBeNull();
    expect(invoice.number).toMatch(/^SP-\d{4}-\d{6}$/);
    const payments = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', invoice.order_id!).execute();
    expect(payments.map((p) => [p.step, p.status, p.amount])).toEqual([['charge', 'succeeded', quote.total]]);
    // The order core's order: one seat_addition line per product, the quote's figures; its invoice prints seats × the price per seat, the prorated amount.
    const order = await stack.db.selectFrom('orders').select(['kind', 'status', 'subtotal', 'tax', 'total', 'purchase_order_number', 'invoice_due_days']).where('id', '=', invoice.order_id!).executeTakeFirstOrThrow();
    expect(order).toEqual({ kind: 'service_order', status: 'completed', subtotal: quote.subtotal, tax: quote.tax, total: quote.total, purchase_order_number: corp.purchaseOrderNumber, invoice_due_days: 0 });
    expect(invoice.due_at).toEqual(invoice.issued_at);
    const lines = await stack.db.selectFrom('order_lines').select(['kind', 'subscription_id', 'seats', 'plan_amount', 'unit_amount', 'period_end']).where('order_id', '=', invoice.order_id!).orderBy('id').execute();
    expect(lines).toEqual(quote.lines.map((l) => ({ kind: 'seat_addition', subscription_id: l.productId === 'prd_meeting' ? corp.subscriptions.meeting : corp.subscriptions.training, seats: l.seats, plan_amount: l.amount, unit_amount: l.unitAmount, period_end: l.termEnd })));
    expect(await stack.db.selectFrom('invoice_lines').select(['quantity', 'unit_amount', 'amount']).where('invoice_id', '=', invoice.id).orderBy('sort').execute()).toEqual(quote.lines.map((l) => ({ quantity: l.seats, unit_amount: l.unitAmount, amount: l.amount })));
    expect((await refundsOf(payments[0]!.stripe_payment_intent_id!)).charged).toBe(Number(quote.total));

    const [receipt] = await settledEmailsTo(stack.db, corp.contact.email, /Receipt for your service order/, { atLeast: 1 });
    expect(receipt!.text).toContain(invoice.number);
    expect(receipt!.text).toContain(corp.purchaseOrderNumber);
    const toAp = await settledEmailsTo(stack.db, `ap-${corp.tag}@corp.example`, /Receipt for your service order/, { atLeast: 1 });
    expect(toAp).toHaveLength(1);
    // CP-5: both carry the invoice as a PDF (MailDev keeps its type and renames the file).
    for (const mail of [receipt!, toAp[0]!]) {
      const full = (await (await fetch(`${process.env.MAILDEV_URL}/api/email/${mail.id}`)).json()) as { attachments?: Array<{ contentType: string; generatedFileName: string }> };
      expect(full.attachments?.map((x) => [x.contentType, x.generatedFileName.endsWith('.pdf')])).toEqual([['application/pdf', true]]);
    }
    // Operations find it in the Temporal UI by account, order, product and status.
    expect(await searchAttributesAt(stack.worker.client, `service-order-${serviceOrderId}`, 'completed')).toMatchObject({ accountId: corp.accountId, orderId: invoice.order_id, productId: 'prd_meeting', status: 'completed' });
  });

  it('WF-3: a card declined at charge → the order waits with an email and a deadline; after the contact updates the card, Pay now charges once and it completes', async () => {
    const corp = await payingAccount(stack.db, CARDS.declinedOnCharge);
    const { portal, serviceOrderId } = await placeOrder(corp, [{ productId: 'prd_meeting', seats: 3 }]);
    for (let i = 0; i < 300 && (await portal.portal.addSeats.serviceOrder({ serviceOrderId })).status !== 'awaiting_payment'; i++) await new Promise((r) => setTimeout(r, 100));
    const waiting = await portal.portal.addSeats.serviceOrder({ serviceOrderId });
    expect(waiting).toMatchObject({ status: 'awaiting_payment', payment: { status: 'failed' } });
    expect(waiting.paymentDueAt!.getTime() - Date.now()).toBeGreaterThan((env().SERVICE_ORDER_PAYMENT_WINDOW_HOURS - 1) * 3_600_000);
    await settledEmailsTo(stack.db, corp.contact.email, /Payment needed for your service order/, { atLeast: 1 });
    expect(await seats(corp.subscriptions.meeting)).toBe(50);

    // The Payment method tab's work: a new default card for the account's customer.
    const account = await stack.db.selectFrom('accounts').select('stripe_customer_id').where('id', '=', corp.accountId).executeTakeFirstOrThrow();
    const pm = await createCard(CARDS.visa);
    await stripeClient(env()).paymentMethods.attach(pm, { customer: account.stripe_customer_id! });
    await stack.db.updateTable('payment_methods').set({ stripe_payment_method_id: pm, card_last4: '4242' }).where('account_id', '=', corp.accountId).execute();
    await portal.portal.addSeats.retryPayment({ serviceOrderId });
    expect(await result(serviceOrderId)).toBe('completed');
    const so = await portal.portal.addSeats.serviceOrder({ serviceOrderId });
    expect((await paymentsOf(serviceOrderId)).map((p) => [p.step, p.status])).toEqual([['charge', 'failed'], ['charge-2', 'succeeded']]);
    expect(so.status).toBe('completed');
    expect(await seats(corp.subscriptions.meeting)).toBe(53);
  });

  it('WF-3: a permanent provisioning failure compensates in reverse — nothing billed, the payment refunded once — and the contact and the rep are told', async () => {
    const corp = await payingAccount(stack.db);
    refused.add(`${corp.accountId}:prd_training`);
    const { portal, serviceOrderId } = await placeOrder(corp);
    expect(await result(serviceOrderId)).toBe('compensated');
    const so = await portal.portal.addSeats.serviceOrder({ serviceOrderId });
    expect(so.status).toBe('compensated');
    // Meeting was provisioned, then rolled back; Training was refused by the provisioner (the test's), so it has no row.
    expect(so.provisions.map((p) => [p.productId, p.status])).toEqual([['prd_meeting', 'rolled_back']]);
    // The seats are the order's fulfilment, which never came: nothing to take back, no invoice.
    expect(await seats(corp.subscriptions.meeting)).toBe(50);
    expect(await seats(corp.subscriptions.training)).toBe(10);
    const orderId = (await stack.db.selectFrom('service_orders').select('order_id').where('id', '=', serviceOrderId).executeTakeFirstOrThrow()).order_id!;
    expect(await stack.db.selectFrom('invoices').select('id').where('order_id', '=', orderId).execute()).toEqual([]);
    expect((await stack.db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow()).status).toBe('failed');
    // The admin is provisioned after every product, so a product's refusal leaves none.
    expect(await stack.db.selectFrom('users').select('id').where('email', '=', `nina-${corp.tag}@corp.example`).execute()).toEqual([]);
    const [pay] = await paymentsOf(serviceOrderId);
    if (!pay) throw new Error('no payment');
    expect(pay.status).toBe('refunded');
    const stripeSide = await refundsOf(pay.stripe_payment_intent_id!);
    expect(stripeSide.refunds).toHaveLength(1);
    expect(stripeSide.amountRefunded).toBe(Number(pay.amount));
    await settledEmailsTo(stack.db, corp.contact.email, /Service order not completed/, { atLeast: 1 });
    await settledEmailsTo(stack.db, 'rita.rep@seatplan.example', new RegExp(`Service order not completed \\(${so.quote.number}\\)`), { atLeast: 1 });
  });

  it('WF-3: the order core refuses the fulfilment when a subscription ended after provisioning began → the new admin disabled, no seat added anywhere, the payment refunded once with that reason', async () => {
    const corp = await payingAccount(stack.db);
    endsMeanwhile.add(corp.accountId);
    const { portal, serviceOrderId } = await placeOrder(corp);
    expect(await result(serviceOrderId)).toBe('compensated');
    const so = await portal.portal.addSeats.serviceOrder({ serviceOrderId });
    expect(so.failureReason).toBe('The subscription of Training ended before the seats could be added, so nothing was changed. Your payment has been refunded.');
    // Whole or not at all: the Meeting line was fine, yet no seat was added to it either.
    expect(await seats(corp.subscriptions.meeting)).toBe(50);
    const nina = await stack.db.selectFrom('users').select(['id', 'disabled_at']).where('email', '=', `nina-${corp.tag}@corp.example`).executeTakeFirstOrThrow();
    expect(nina.disabled_at).not.toBeNull();
    expect(await stack.db.selectFrom('seat_assignments').select('subscription_id').where('user_id', '=', nina.id).execute()).toEqual([]);
    const payments = await paymentsOf(serviceOrderId);
    expect(payments.map((p) => p.status)).toEqual(['refunded']);
    expect((await refundsOf(payments[0]!.stripe_payment_intent_id!)).refunds).toHaveLength(1);
    const [email] = await settledEmailsTo(stack.db, corp.contact.email, /Service order not completed/, { atLeast: 1 });
    expect(email!.text).toContain('The subscription of Training ended');
    // The order core's refund email, once, pointing the contact to the service order in the portal.
    const refundEmails = await settledEmailsTo(stack.db, corp.contact.email, /Refund for order/, { atLeast: 1 });
    expect(refundEmails).toHaveLength(1);
    expect(refundEmails[0]!.text).toContain(`/portal/service-orders/${serviceOrderId}`);
  });
});
