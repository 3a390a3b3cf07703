import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../db/seed/demo';
import { documentFormat } from '../../server/invoices/labels';
import { renderInvoicePdf } from '../../server/invoices/pdf';
import { callerFor } from '../helpers/callers';
import { pdfText } from '../helpers/pdf';
import { useSeededStack } from '../helpers/seeded-stack';
import { CARDS, createCard } from '../helpers/stripe';

// §8 / issue 14 item 11: with VIES_URL set, a VAT number is confirmed with VIES before an order uses
// it; the account records whether it was only format-checked or confirmed, and the invoice says so.
// VIES itself (the European Commission's service) cannot be reached offline, so this file serves its
// REST API's check-vat-number call from a small local server — a stand-in for an external service,
// answering from a fixed register: registered, not registered, or unavailable (503).
const REGISTERED = new Set(['DE136695976']);
const UNAVAILABLE = new Set(['DE125014955']);
const asked: Array<{ countryCode: string; vatNumber: string }> = [];
let vies: Server;

beforeAll(async () => {
  vies = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/rest-api/check-vat-number') return void res.writeHead(404).end();
      const q = JSON.parse(body) as { countryCode: string; vatNumber: string };
      asked.push(q);
      const number = `${q.countryCode}${q.vatNumber}`;
      if (UNAVAILABLE.has(number)) return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"errorWrappers":[{"error":"MS_UNAVAILABLE"}]}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ countryCode: q.countryCode, vatNumber: q.vatNumber, requestDate: new Date().toISOString(), valid: REGISTERED.has(number), name: '---', address: '---' }));
    });
  });
  await new Promise<void>((r) => vies.listen(0, '127.0.0.1', r));
  // Before anything reads the environment (env() is parsed once, on first use).
  process.env.VIES_URL = `http://127.0.0.1:${(vies.address() as AddressInfo).port}/rest-api`;
});
afterAll(() => new Promise<void>((r) => vies.close(() => r())));

describe('§8 VAT numbers confirmed with VIES (VIES_URL), recorded on the account, printed on the invoice', () => {
  const stack = useSeededStack();
  const key = () => randomUUID().replace(/-/g, '');

  async function germanCart(tag: string, locale: 'en' | 'it' = 'en') {
    const accountId = `acct_vies_${tag}`;
    const email = `vies-${tag}-${randomUUID().slice(0, 8)}@berliner.example`;
    await stack.db.transaction().execute(async (trx) => {
      const hash = (await trx.selectFrom('users').select('password_hash').where('id', '=', DEMO_IDS.users.giulia).executeTakeFirstOrThrow()).password_hash;
      await trx.insertInto('accounts').values({ id: accountId, name: `Account ${accountId}`, kind: 'online', currency: 'EUR', country: 'DE', billing_contact_user_id: `usr_${accountId}` }).execute();
      await trx.insertInto('users').values({ id: `usr_${accountId}`, account_id: accountId, email, name: 'Jonas', password_hash: hash, role: 'account_admin', locale }).execute();
    });
    const caller = await callerFor(stack.deps(), { productEmail: email }, locale);
    const { subscriptionId } = await caller.subscriptions.startTrial({ productId: 'prd_meeting' });
    for (let i = 0; i < 200 && (await caller.subscriptions.status({ subscriptionId })).status !== 'trial'; i++) await new Promise((r) => setTimeout(r, 100));
    const { cartId } = await caller.cart.add({ subscriptionId, tierId: 'tier_meeting_business', seats: 2, frequency: 'monthly' });
    return { caller, accountId, cartId: cartId! };
  }

  async function invoiceOf(caller: Awaited<ReturnType<typeof callerFor>>, orderId: string) {
    for (let i = 0; i < 300; i++) {
      const o = await caller.orders.get({ orderId });
      if (o.status === 'completed') break;
      if (o.status === 'failed' || o.status === 'cancelled') throw new Error(`order ${o.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const inv = await stack.db.selectFrom('invoices').select('id').where('order_id', '=', orderId).executeTakeFirstOrThrow();
    return caller.invoices.get({ invoiceId: inv.id });
  }

  it('§8 a number VIES confirms: the account records "vies" and when; the invoice prints "confirmed with VIES on <date>" (English and Italian)', async () => {
    const { caller, accountId, cartId } = await germanCart('confirmed');
    const { quote } = await caller.cart.get({ vatNumber: 'DE 136 695 976' });
    const placed = await caller.checkout.placeOrder({ cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa), vatNumber: 'DE 136 695 976', expectedTotal: quote!.total });
    expect(asked).toContainEqual({ countryCode: 'DE', vatNumber: '136695976' });
    const account = await stack.db.selectFrom('accounts').select(['vat_number', 'vat_number_check', 'vat_number_checked_at']).where('id', '=', accountId).executeTakeFirstOrThrow();
    expect(account).toMatchObject({ vat_number: 'DE136695976', vat_number_check: 'vies' });
    expect(account.vat_number_checked_at).toBeInstanceOf(Date);
    const doc = await invoiceOf(caller, placed.orderId);
    expect(doc.buyer).toMatchObject({ vat_number: 'DE136695976', vat_number_check: 'vies' });
    const date = account.vat_number_checked_at!;
    expect(pdfText(await renderInvoicePdf(doc, 'en'))).toContain(`VAT number confirmed with VIES on ${documentFormat('en').date(date)}`);
    expect(pdfText(await renderInvoicePdf(doc, 'it'))).toContain(`Partita IVA confermata dal VIES il ${documentFormat('it').date(date)}`);
  });

  it('§8 a well-formed number VIES does not know is refused with a clear message in the caller\'s language, and nothing is ordered', async () => {
    const { caller, cartId } = await germanCart('unknown', 'it');
    const { quote } = await caller.cart.get({ vatNumber: 'DE118619592' });
    await expect(caller.checkout.placeOrder({ cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa), vatNumber: 'DE118619592', expectedTotal: quote!.total }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Secondo il VIES, il registro europeo delle partite IVA, il numero DE118619592 non è registrato') });
    expect(await stack.db.selectFrom('orders').select('id').where('cart_id', '=', cartId).execute()).toEqual([]);
  });

  it('§8 VIES unavailable: the order goes ahead on the offline check, recorded and printed as format-checked', async () => {
    const { caller, accountId, cartId } = await germanCart('unavailable');
    const { quote } = await caller.cart.get({ vatNumber: 'DE125014955' });
    const placed = await caller.checkout.placeOrder({ cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa), vatNumber: 'DE125014955', expectedTotal: quote!.total });
    expect(await stack.db.selectFrom('accounts').select('vat_number_check').where('id', '=', accountId).executeTakeFirstOrThrow()).toEqual({ vat_number_check: 'format' });
    const doc = await invoiceOf(caller, placed.orderId);
    expect(doc.buyer).toMatchObject({ vat_number: 'DE125014955', vat_number_check: 'format' });
    expect(pdfText(await renderInvoicePdf(doc, 'en'))).toContain('VAT number format and check digits verified');
    expect(pdfText(await renderInvoicePdf(doc, 'it'))).toContain('Partita IVA verificata nel formato e nelle cifre di controllo');
  });
});
