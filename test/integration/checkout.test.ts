import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../db/seed/demo';
import { newId } from '../../db/ids';
import { catalogUnitAmount } from '../../db/seed/catalog';
import { addPeriod, formatMoney, REVERSE_CHARGE_NOTE } from '../../server/billing';
import { renderInvoicePdf } from '../../server/invoices/pdf';
import { pdfText } from '../helpers/pdf';
import { env } from '../../server/env';
import { workflowIds } from '../../workflows/shared';
import { callerFor, startedTrial } from '../helpers/callers';
import { emailsTo, settledEmailsTo, waitForEmail } from '../helpers/maildev';
import { authenticate3ds, CARDS, createCard, paymentIntent } from '../helpers/stripe';
import { waitForOrder } from '../helpers/orders';
import { useSeededStack } from '../helpers/seeded-stack';
import { searchAttributesAt } from '../helpers/temporal';

const GIULIA = { productEmail: 'giulia@bottega-rossi.example' };
const S = DEMO_IDS.subscriptions;
const key = () => randomUUID().replace(/-/g, '');
/** round_half_up(net × bp / 10000), as SPEC §8 says, written out independently of the domain code. */
const vat = (net: bigint, bp: bigint) => (2n * net * bp + 10_000n) / 20_000n;

describe('WF-1 / BC-3 / BC-5 trial conversion through tRPC, Temporal, Stripe and SMTP', () => {
  // Conversions use trials started here (workflows on this file's task queue): the demo trials' workflow
  // IDs (trial-sub_bottega_…) belong to the stack's own worker and database in the shared Temporal server.
  const stack = useSeededStack();
  const deps = () => stack.deps();
  const giulia = () => callerFor(deps(), GIULIA);


  const counts = async (orderId: string, to = 'giulia@bottega-rossi.example') => ({
    payments: (await stack.db.selectFrom('payments').select('id').where('order_id', '=', orderId).execute()).length,
    invoices: (await stack.db.selectFrom('invoices').select('id').where('order_id', '=', orderId).execute()).length,
    emails: (await emailsTo(to)).filter((m) => m.subject.includes(orderId)).length,
  });

  it('WF-1 BC-3: the seed-001 flow — order form, Complete transaction, review, card, Place order → charged once, active now, billing date re-anchored, invoice, email', async () => {
    const caller = await newAccount('acct_lucia', 'lucia@rossi-tessuti.example', 'IT', 'it');
    const subId = await newTrialFor(caller, 'prd_remote_support_v5');
    const form = await caller.checkout.orderForm({ subscriptionId: subId });
    expect(form).toMatchObject({ productName: 'Remote Support v5', currency: 'EUR', otherItemsInCart: 0, selection: { tierId: 'tier_remote_support_v5_business', seats: 1, frequency: 'monthly' } });
    expect(form.tiers.map((x) => x.name)).toEqual(['Starter', 'Business', 'Enterprise']);

    // "Edit": Enterprise, 3 seats, annual → "Complete transaction" (the cart was empty).
    const { cartId } = await caller.cart.add({ subscriptionId: subId, tierId: 'tier_remote_support_v5_enterprise', seats: 3, frequency: 'annual' });
    const cart = await caller.cart.get();
    const unit = catalogUnitAmount('remote_support_v5', 'enterprise', 'annual', 'EUR');
    const net = unit * 3n;
    const tax = vat(net, 2200n);
    expect(cart.quote).toMatchObject({ currency: 'EUR', subtotal: net, tax, total: net + tax, taxRateBasisPoints: 2200, reverseCharge: false });

    const pm = await createCard(CARDS.visa);
    const before = new Date();
    const placed = await caller.checkout.placeOrder({ cartId, idempotencyKey: key(), paymentMethodId: pm, expectedTotal: net + tax });
    const order = await waitForOrder(caller, placed.orderId);
    expect(order.status).toBe('completed');
    expect(order.total).toBe(net + tax);

    // Access is immediate, with the chosen tier, seats and frequency; the billing date is the order date.
    const sub = await stack.db.selectFrom('subscriptions').selectAll().where('id', '=', subId).executeTakeFirstOrThrow();
    const orderRow = await stack.db.selectFrom('orders').selectAll().where('id', '=', placed.orderId).executeTakeFirstOrThrow();
    expect(sub).toMatchObject({ status: 'active', tier_id: 'tier_remote_support_v5_enterprise', seats: 3, frequency: 'annual', last_charge_amount: net });
    expect(sub.current_period_start!.getTime()).toBe(orderRow.created_at.getTime());
    expect(sub.current_period_start!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(sub.current_period_end!.getTime()).toBe(addPeriod(sub.current_period_start!, 'annual').getTime());

    // Exactly one charge, of exactly the total, on the account's Stripe customer.
    const pays = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', placed.orderId).execute();
    expect(pays).toHaveLength(1);
    expect(pays[0]).toMatchObject({ step: 'charge', status: 'succeeded', amount: net + tax, currency: 'EUR' });
    const pi = await paymentIntent(pays[0]!.stripe_payment_intent_id!);
    expect(pi).toMatchObject({ status: 'succeeded', amount: Number(net + tax), currency: 'eur' });

    // The invoice: next gapless number, lines, tax and totals; paid.
    const inv = await stack.db.selectFrom('invoices').selectAll().where('order_id', '=', placed.orderId).executeTakeFirstOrThrow();
    const year = new Date().getUTCFullYear();
    const prior = await stack.db.selectFrom('invoices').select('seq').where('year', '=', year).where('id', '!=', inv.id).orderBy('seq', 'desc').executeTakeFirst();
    expect(inv.seq).toBe((prior?.seq ?? 0) + 1);
    expect(inv.number).toBe(`SP-${year}-${String(inv.seq).padStart(6, '0')}`);
    expect(inv).toMatchObject({ status: 'paid', subtotal: net, tax, total: net + tax, amount_paid: net + tax, tax_rate_basis_points: 2200 });
    const lines = await stack.db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', inv.id).execute();
    expect(lines).toEqual([expect.objectContaining({ quantity: 3, unit_amount: unit, amount: net })]);

    // The confirmation email lists the purchase (Italian: Giulia's language).
    const mail = await waitForEmail('lucia@rossi-tessuti.example', new RegExp(`Conferma dell'ordine ${placed.orderId}`));
    expect(mail.text).toContain('Remote Support v5 Enterprise — 3 postazioni, fatturazione annuale');
    expect(mail.text).toContain(inv.number);
    await expect(counts(placed.orderId, 'lucia@rossi-tessuti.example')).resolves.toEqual({ payments: 1, invoices: 1, emails: 1 });

    // The trial's workflow ended as converted, findable by its order too (SPEC §7); the cart is checked out.
    await expect(stack.worker.client.workflow.getHandle(workflowIds.trial(subId)).result()).resolves.toBe('converted');
    expect(await searchAttributesAt(stack.worker.client, workflowIds.trial(subId), 'converted')).toEqual({ accountId: 'acct_lucia', subscriptionId: subId, productId: 'prd_remote_support_v5', orderId: placed.orderId, status: 'converted' });
    expect((await caller.cart.get()).items).toEqual([]);
  });

  it('WF-1 BC-3: a repeated request and a double click on Place order end with one order, one charge, one invoice, one email', async () => {
    const caller = await giulia();
    const subId = await newTrial('prd_webinar');
    const { cartId } = await caller.cart.add({ subscriptionId: subId, tierId: 'tier_webinar_starter', seats: 2, frequency: 'monthly' });
    const pm = await createCard(CARDS.visa);
    const k = key();
    const total = (await caller.cart.get()).quote!.total;
    // Double click: the same request twice at once, plus a second click that made a new key.
    const results = await Promise.all([
      caller.checkout.placeOrder({ expectedTotal: total, cartId, idempotencyKey: k, paymentMethodId: pm }),
      caller.checkout.placeOrder({ expectedTotal: total, cartId, idempotencyKey: k, paymentMethodId: pm }),
      caller.checkout.placeOrder({ expectedTotal: total, cartId, idempotencyKey: key(), paymentMethodId: pm }),
    ]);
    const orderIds = new Set(results.map((r) => r.orderId));
    expect(orderIds.size).toBe(1);
    const orderId = results[0]!.orderId;
    expect((await waitForOrder(await giulia(), orderId)).status).toBe('completed');
    await waitForEmail('giulia@bottega-rossi.example', new RegExp(orderId));
    // A repeated request after completion: the same order, nothing new.
    const again = await caller.checkout.placeOrder({ expectedTotal: total, cartId, idempotencyKey: k, paymentMethodId: pm });
    expect(again).toEqual({ orderId, status: 'completed', duplicate: true });
    await settledEmailsTo(stack.db, 'giulia@bottega-rossi.example', new RegExp(orderId));
    await expect(counts(orderId)).resolves.toEqual({ payments: 1, invoices: 1, emails: 1 });
    expect((await stack.db.selectFrom('orders').select('id').where('account_id', '=', 'acct_bottega').where('cart_id', '=', cartId).execute()).length).toBe(1);
  });

  it('WF-1 BC-3: a declined card gets a clear message, activates nothing, leaves the trial running; another card then works', async () => {
    const caller = await giulia();
    const subId = await newTrial('prd_training');
    const { cartId } = await caller.cart.add({ subscriptionId: subId, tierId: 'tier_training_business', seats: 1, frequency: 'monthly' });

    // Declined when the card is saved: no order at all.
    await expect(caller.checkout.placeOrder({ expectedTotal: (await caller.cart.get()).quote!.total, cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.declined) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^Your card was declined\. Nothing was charged/),
    });
    expect(await stack.db.selectFrom('orders').select('id').where('cart_id', '=', cartId).execute()).toEqual([]);

    // Declined when charged: the order fails, the trial runs on, the items are back in a cart.
    const failed = await caller.checkout.placeOrder({ expectedTotal: (await caller.cart.get()).quote!.total, cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.declinedOnCharge) });
    const o = await waitForOrder(await giulia(), failed.orderId);
    expect(o).toMatchObject({ status: 'failed', failureReason: 'Your card was declined.', invoice: null });
    expect(o.payment).toMatchObject({ status: 'failed' });
    expect((await stack.db.selectFrom('subscriptions').select('status').where('id', '=', subId).executeTakeFirstOrThrow()).status).toBe('trial');
    expect((await searchAttributesAt(stack.worker.client, workflowIds.trial(subId), 'trial')).status).toBe('trial');
    expect(await stack.db.selectFrom('invoices').select('id').where('order_id', '=', failed.orderId).execute()).toEqual([]);
    const cart = await caller.cart.get();
    expect(cart.items).toEqual([expect.objectContaining({ subscriptionId: subId, tierId: 'tier_training_business', seats: 1 })]);

    // Retry with another card: the same trial workflow takes the new order.
    const retry = await caller.checkout.placeOrder({ expectedTotal: (await caller.cart.get()).quote!.total, cartId: cart.cartId!, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) });
    expect((await waitForOrder(await giulia(), retry.orderId)).status).toBe('completed');
    expect((await stack.db.selectFrom('subscriptions').select('status').where('id', '=', subId).executeTakeFirstOrThrow()).status).toBe('active');
    await expect(counts(retry.orderId)).resolves.toMatchObject({ payments: 1, invoices: 1 });
    expect(await searchAttributesAt(stack.worker.client, workflowIds.trial(subId), 'converted')).toMatchObject({ orderId: retry.orderId, status: 'converted' });
  });

  it('WF-1 BC-3: a 3-D Secure card waits for the customer, then completes when Stripe.js reports the authentication', async () => {
    const caller = await giulia();
    const subId = await newTrial('prd_assist_v4');
    const { cartId } = await caller.cart.add({ subscriptionId: subId, tierId: 'tier_assist_v4_starter', seats: 1, frequency: 'monthly' });
    const placed = await caller.checkout.placeOrder({ expectedTotal: (await caller.cart.get()).quote!.total, cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.threeDSecure) });
    const waiting = await waitForOrder(await giulia(), placed.orderId, { done: (s) => s === 'awaiting_payment' });
    expect(waiting.payment).toMatchObject({ status: 'requires_action', clientSecret: expect.stringMatching(/^pi_.+_secret_/) });
    expect((await stack.db.selectFrom('subscriptions').select('status').where('id', '=', subId).executeTakeFirstOrThrow()).status).toBe('trial');
    await authenticate3ds(waiting.payment!.clientSecret!);
    await caller.orders.paymentActionDone({ orderId: placed.orderId });
    const done = await waitForOrder(await giulia(), placed.orderId);
    expect(done.status).toBe('completed');
    expect(done.payment?.status).toBe('succeeded');
  });

  it('BC-5 WF-1: several products in one checkout, one payment; every trial becomes active and its workflow ends, searchable by the order', async () => {
    const anna = await newAccount('acct_fiori', 'anna@fiori.example', 'IT');
    const meeting = await newTrialFor(anna, 'prd_meeting');
    const webinar = await newTrialFor(anna, 'prd_webinar');
    await anna.cart.add({ subscriptionId: meeting, tierId: 'tier_meeting_starter', seats: 4, frequency: 'monthly' });
    // With one item in the cart, the next product's form says "Add to cart".
    expect((await anna.checkout.orderForm({ subscriptionId: webinar })).otherItemsInCart).toBe(1);
    const { cartId } = await anna.cart.add({ subscriptionId: webinar, tierId: 'tier_webinar_business', seats: 2, frequency: 'annual' });
    const net = catalogUnitAmount('meeting', 'starter', 'monthly', 'EUR') * 4n + catalogUnitAmount('webinar', 'business', 'annual', 'EUR') * 2n;
    const cart = await anna.cart.get();
    expect(cart.quote).toMatchObject({ subtotal: net, tax: vat(net, 2200n), total: net + vat(net, 2200n) });
    expect(cart.quote!.lines.map((l) => l.productName)).toEqual(['Meeting', 'Webinar']);
    const placed = await anna.checkout.placeOrder({ cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa), expectedTotal: cart.quote!.total });
    for (let i = 0; i < 300 && (await anna.orders.get({ orderId: placed.orderId })).status !== 'completed'; i++) await new Promise((r) => setTimeout(r, 100));
    const pays = await stack.db.selectFrom('payments').select(['amount', 'status']).where('order_id', '=', placed.orderId).execute();
    expect(pays).toEqual([{ amount: cart.quote!.total, status: 'succeeded' }]);
    const subs = await stack.db.selectFrom('subscriptions').select(['id', 'status', 'seats', 'frequency']).where('id', 'in', [meeting, webinar]).orderBy('id').execute();
    expect(subs.map((x) => x.status)).toEqual(['active', 'active']);
    const lines = await stack.db.selectFrom('invoice_lines as l').innerJoin('invoices as i', 'i.id', 'l.invoice_id').select(['l.description', 'l.amount']).where('i.order_id', '=', placed.orderId).orderBy('l.sort').execute();
    expect(lines).toHaveLength(2);
    await expect(stack.worker.client.workflow.getHandle(workflowIds.trial(meeting)).result()).resolves.toBe('converted');
    await expect(stack.worker.client.workflow.getHandle(workflowIds.trial(webinar)).result()).resolves.toBe('converted');
    // WF-1 SPEC §7: both trials' workflows are found by the one order — the one that ran it and the one it signalled.
    for (const [subscriptionId, productId] of [[meeting, 'prd_meeting'], [webinar, 'prd_webinar']] as const) {
      expect(await searchAttributesAt(stack.worker.client, workflowIds.trial(subscriptionId), 'converted')).toEqual({ accountId: 'acct_fiori', subscriptionId, productId, orderId: placed.orderId, status: 'converted' });
    }
  });

  it('BC-5: the amounts changed since the review → refused with the new total, nothing charged', async () => {
    const caller = await giulia();
    const { cartId } = await caller.cart.add({ subscriptionId: S.bottegaMeeting, tierId: 'tier_meeting_business', seats: 1, frequency: 'monthly' });
    const seen = (await caller.cart.get()).quote!.total;
    // A new price takes effect after the customer reviewed the order.
    await stack.db.insertInto('prices').values({ id: 'price_meeting_business_monthly_eur_v2', tier_id: 'tier_meeting_business', frequency: 'monthly', currency: 'EUR', unit_amount: 9999n, valid_from: new Date(Date.now() - 1000) }).execute();
    await expect(caller.checkout.placeOrder({ cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa), expectedTotal: seen })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/amounts changed/) });
    expect((await caller.cart.get()).quote!.subtotal).toBe(9999n);
    expect(await stack.db.selectFrom('orders').select('id').where('cart_id', '=', cartId).execute()).toEqual([]);
    await stack.db.deleteFrom('prices').where('id', '=', 'price_meeting_business_monthly_eur_v2').execute();
  });

  it('BC-5: a cart item whose trial ended meanwhile is refused at checkout with a clear message and nothing is charged', async () => {
    const caller = await giulia();
    const cart = await caller.cart.get();
    // The Meeting trial ends (as if its timer fired) while it sits in the cart.
    await stack.db.updateTable('subscriptions').set({ status: 'expired' }).where('id', '=', S.bottegaMeeting).execute();
    const view = await caller.cart.get();
    expect(view.problem?.message).toMatch(/The free trial of Meeting has ended/);
    await expect(caller.checkout.placeOrder({ cartId: cart.cartId!, expectedTotal: cart.quote!.total, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'The free trial of Meeting has ended, so it can no longer be converted. Nothing was charged.',
    });
    expect(await stack.db.selectFrom('orders').select('id').where('cart_id', '=', cart.cartId!).execute()).toEqual([]);
    await caller.cart.remove({ subscriptionId: S.bottegaMeeting });
  });

  it('BC-3: bad input gets a clear error and changes nothing', async () => {
    const caller = await giulia();
    await expect(caller.cart.add({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_business', seats: 1, frequency: 'monthly' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.cart.add({ subscriptionId: S.bottegaMeeting, tierId: 'tier_webinar_business', seats: 1, frequency: 'monthly' } as never)).rejects.toMatchObject({ code: expect.stringMatching(/BAD_REQUEST|CONFLICT/) });
    await expect(caller.cart.add({ subscriptionId: S.bottegaMeeting, tierId: 'tier_meeting_business', seats: 0, frequency: 'monthly' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.cart.add({ subscriptionId: S.bottegaMeeting, tierId: 'tier_meeting_business', seats: 1, frequency: 'weekly' } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.cart.get({ vatNumber: 'IT00743110158' })).resolves.toBeDefined(); // empty cart: nothing to price
    await expect((await callerFor(deps(), { productEmail: 'marco@bottega-rossi.example' })).cart.get()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await callerFor(deps(), 'anonymous')).checkout.placeOrder({ cartId: 'cart_00000000000000000000', expectedTotal: 0n, idempotencyKey: key(), paymentMethodId: null })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  async function newAccount(accountId: string, email: string, country: string, locale: 'en' | 'it' = 'en') {
    await stack.db.transaction().execute(async (trx) => {
      const hash = (await trx.selectFrom('users').select('password_hash').where('id', '=', DEMO_IDS.users.giulia).executeTakeFirstOrThrow()).password_hash;
      await trx.insertInto('accounts').values({ id: accountId, name: `Account ${accountId}`, kind: 'online', currency: 'EUR', country, billing_contact_user_id: `usr_${accountId}` }).execute();
      await trx.insertInto('users').values({ id: `usr_${accountId}`, account_id: accountId, email, name: email.split('@')[0]!, password_hash: hash, role: 'account_admin', locale }).execute();
    });
    return callerFor(deps(), { productEmail: email });
  }

  const newTrialFor = startedTrial;

  /** A fresh trial for Bottega Rossi, with its workflow on this file's task queue, running. */
  async function newTrial(productId: string): Promise<string> {
    const caller = await giulia();
    const { subscriptionId } = await caller.subscriptions.startTrial({ productId });
    for (let i = 0; i < 200; i++) {
      const { status } = await caller.subscriptions.status({ subscriptionId });
      if (status === 'trial') return subscriptionId;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('trial did not start');
  }

  it('BC-3 §6: Place order decides the card by the total the customer saw — a stale figure is refused as before with nothing written; with nothing due the order places without a card, and a card given then is neither checked nor saved', async () => {
    const lea = await newAccount('acct_zero_due', 'lea@zero-due.example', 'IT');
    const subscriptionId = await newTrialFor(lea, 'prd_meeting');
    const { cartId } = await lea.cart.add({ subscriptionId, tierId: 'tier_meeting_business', seats: 2, frequency: 'monthly' });
    const due = (await lea.cart.get()).quote!.total;
    expect(due).toBeGreaterThan(0n);
    const nothingWritten = async () => {
      expect(await stack.db.selectFrom('orders').select('id').where('cart_id', '=', cartId).execute()).toEqual([]);
      expect(await stack.db.selectFrom('carts').select('status').where('id', '=', cartId).executeTakeFirstOrThrow()).toEqual({ status: 'open' });
      expect(await stack.db.selectFrom('payment_methods').select('id').where('account_id', '=', 'acct_zero_due').execute()).toEqual([]);
      expect(await stack.db.selectFrom('accounts').select('vat_number').where('id', '=', 'acct_zero_due').executeTakeFirstOrThrow()).toEqual({ vat_number: null });
    };
    // The customer saw nothing due, but the cart costs something: the card is asked for (no card, a card
    // Stripe refuses), and with a good card the new figures are told; nothing is written either way.
    await expect(lea.checkout.placeOrder({ cartId, idempotencyKey: key(), paymentMethodId: null, expectedTotal: 0n })).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: { key: 'errors.card.required' } });
    await expect(lea.checkout.placeOrder({ cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.declined), expectedTotal: 0n })).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: { key: 'errors.card.refused' } });
    await expect(lea.checkout.placeOrder({ cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa), expectedTotal: 0n })).rejects.toMatchObject({ code: 'CONFLICT', cause: { key: 'errors.checkout.amountsChanged', details: { total: due.toString() } } });
    // A figure higher than the cart's, with a card: refused, the new total told.
    await expect(lea.checkout.placeOrder({ cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa), expectedTotal: due + 1n, vatNumber: 'IT00743110157' })).rejects.toMatchObject({ code: 'CONFLICT', cause: { key: 'errors.checkout.amountsChanged' } });
    // A VAT number that is not valid is the cart's problem, told before the card's.
    await expect(lea.checkout.placeOrder({ cartId, idempotencyKey: key(), paymentMethodId: null, expectedTotal: due, vatNumber: 'IT00743110158' })).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: { key: 'errors.vat.invalid' } });
    await nothingWritten();

    // The credit balance now covers the whole cart: nothing is due.
    await stack.db.insertInto('credit_ledger').values({ id: newId('cl'), account_id: 'acct_zero_due', currency: 'EUR', amount: due, reason: 'manual', note: 'goodwill' }).execute();
    expect((await lea.cart.get()).quote).toMatchObject({ total: 0n });
    // The customer saw the old figure: refused with the new total, whatever card they gave (none is needed).
    await expect(lea.checkout.placeOrder({ cartId, idempotencyKey: key(), paymentMethodId: null, expectedTotal: due })).rejects.toMatchObject({ code: 'CONFLICT', cause: { key: 'errors.checkout.amountsChanged', details: { total: '0' } } });
    await expect(lea.checkout.placeOrder({ cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.declined), expectedTotal: due })).rejects.toMatchObject({ code: 'CONFLICT', cause: { key: 'errors.checkout.amountsChanged', details: { total: '0' } } });
    await nothingWritten();

    // Nothing due, and a card Stripe would refuse given anyway: it is not looked at, the order places and completes.
    const idempotencyKey = key();
    const placed = await lea.checkout.placeOrder({ cartId, idempotencyKey, paymentMethodId: await createCard(CARDS.declined), expectedTotal: 0n });
    expect(placed).toMatchObject({ duplicate: false });
    expect(await waitForOrder(lea, placed.orderId)).toMatchObject({ status: 'completed' });
    expect(await lea.checkout.placeOrder({ cartId, idempotencyKey, paymentMethodId: null, expectedTotal: 0n })).toMatchObject({ orderId: placed.orderId, duplicate: true });
    expect(await stack.db.selectFrom('payments').select('id').where('order_id', '=', placed.orderId).execute()).toEqual([]);
    expect(await stack.db.selectFrom('payment_methods').select('id').where('account_id', '=', 'acct_zero_due').execute()).toEqual([]);
    expect(await stack.db.selectFrom('invoices').select(['total']).where('order_id', '=', placed.orderId).execute()).toEqual([{ total: 0n }]);
    expect(await stack.db.selectFrom('subscriptions').select('status').where('id', '=', subscriptionId).executeTakeFirstOrThrow()).toEqual({ status: 'active' });
  });

  it('§8 tax: an invalid VAT number gets an inline error; a valid one from another EU country gets reverse charge on the invoice', async () => {
    // A German online account (seller is in Italy): reverse charge with a valid German VAT number.
    const jonas = await newAccount('acct_berlin', 'jonas@berliner.example', 'DE');
    const subscriptionId = await newTrialFor(jonas, 'prd_meeting');
    const { cartId } = await jonas.cart.add({ subscriptionId, tierId: 'tier_meeting_business', seats: 2, frequency: 'monthly' });
    const net = catalogUnitAmount('meeting', 'business', 'monthly', 'EUR') * 2n;
    expect((await jonas.cart.get()).quote).toMatchObject({ tax: vat(net, 1900n), taxRateBasisPoints: 1900 });
    await expect(jonas.cart.get({ vatNumber: 'DE136695977' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/VAT number is not valid/) });
    await expect(jonas.cart.get({ vatNumber: 'IT00743110157' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await jonas.cart.get({ vatNumber: 'DE136695976' })).quote).toMatchObject({ tax: 0n, total: net, reverseCharge: true });
    const placed = await jonas.checkout.placeOrder({ cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa), vatNumber: 'DE 136695976', expectedTotal: net });
    for (let i = 0; i < 300; i++) {
      const o = await jonas.orders.get({ orderId: placed.orderId });
      if (o.status === 'completed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const inv = await stack.db.selectFrom('invoices').selectAll().where('order_id', '=', placed.orderId).executeTakeFirstOrThrow();
    expect(inv).toMatchObject({ reverse_charge: true, tax: 0n, total: net, tax_rate_basis_points: 0 });
    expect(inv.buyer).toMatchObject({ name: 'Account acct_berlin', country: 'DE', vat_number: 'DE136695976' });
    expect(inv.seller).toMatchObject({ country: env().SELLER_COUNTRY, vat_number: env().SELLER_VAT_NUMBER });

    // BC-8: the PDF shows seller, buyer, both VAT numbers, the lines, the reverse-charge note and the totals.
    const doc = await jonas.invoices.get({ invoiceId: inv.id });
    const text = pdfText(await renderInvoicePdf(doc));
    for (const expected of [inv.number, env().SELLER_NAME, `VAT ${env().SELLER_VAT_NUMBER}`, 'Account acct_berlin', 'VAT DE136695976', 'Meeting Business', REVERSE_CHARGE_NOTE, 'VAT (reverse charge) 0 %', formatMoney({ amount: net, currency: 'EUR' }, 'en')]) {
      expect(text).toContain(expected);
    }
    // BC-8: an Italian viewer gets the same invoice with Italian labels and the reverse-charge note in Italian.
    const itText = pdfText(await renderInvoicePdf(doc, 'it'));
    for (const expected of ['FATTURA', `Partita IVA ${env().SELLER_VAT_NUMBER}`, 'Partita IVA DE136695976', 'IVA (inversione contabile) 0 %', 'Inversione contabile (reverse charge)', formatMoney({ amount: net, currency: 'EUR' }, 'it')]) {
      expect(itText).toContain(expected);
    }
    expect(itText).not.toContain(REVERSE_CHARGE_NOTE);
    expect((await jonas.invoices.history()).rows.map((i) => i.number)).toEqual([inv.number]);
    await expect((await giulia()).invoices.get({ invoiceId: inv.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
