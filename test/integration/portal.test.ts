import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, seedDemo } from '../../db/seed/demo';
import { createSmtpMailer, type Mailer } from '../../server/email/transport';
import { env } from '../../server/env';
import { renderInvoicePdf } from '../../server/invoices/pdf';
import { w9Pdf } from '../../server/portal/w9';
import { validPurchaseOrder } from '../../server/services/portal/purchase-orders';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { settledEmailsTo } from '../helpers/maildev';
import { pdfText } from '../helpers/pdf';
import { corporateFixture } from '../helpers/portal';
import { callerAs, callerWithSession, sessionFor, unique } from '../helpers/realms';
import { verifyPassword } from '../../server/auth/password';
import { CARDS, createCard } from '../helpers/stripe';

/** Seed 004 through tRPC: everything "Cosa posso fare nel Portale di fatturazione Corporate?" lists, with its rules. */
describe('Corporate Billing Portal (CP-3, CP-5, CP-7, CP-8, CP-9, CP-12)', () => {
  let t: TestDatabase;
  let mailer: Mailer;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    mailer = createSmtpMailer(env());
  });
  afterAll(async () => {
    mailer?.close();
    await t?.drop();
  });
  const portal = (loginId: string, locale: 'en' | 'it' = 'en') => callerAs({ db: t.db, mailer, locale }, { portal: loginId });
  async function refused(p: Promise<unknown>, code: TRPCError['code']): Promise<TRPCError> {
    const err = await p.then(() => null, (e: unknown) => e);
    expect(err, 'expected a refusal').toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe(code);
    return err as TRPCError;
  }

  describe('Sottoscrizioni and Fatturare a', () => {
    it('CP-3 CP-11: the home lists the corporate subscriptions with annual term, seats, annual price and status (expired too)', async () => {
      const carla = await portal('globex-billing');
      const subs = await carla.portal.subscriptions();
      expect(subs.map((s) => [s.productName, s.tierName, s.seats, s.status])).toEqual([
        ['Meeting', 'Enterprise', 50, 'active'],
        ['Training', 'Business', 10, 'active'],
        ['Webinar', 'Business', 5, 'expired'],
      ]);
      const meeting = subs[0]!;
      expect(meeting.termEnd!.getTime()).toBeGreaterThan(Date.now());
      expect(meeting.annualAmount).toBe(meeting.unitAmount! * 50n);
      expect(subs[2]!.termEnd!.getTime()).toBeLessThan(Date.now());
      const billTo = await carla.portal.billTo.get();
      expect(billTo).toMatchObject({ contactName: 'Carla Contact', contactEmail: 'carla@globex.example', city: 'Springfield', country: 'US', userId: 'globex-billing' });
    });
  });

  describe('CP-3 Bill To → Modifica → Salva', () => {
    it('CP-3: name, email, address and phone are saved and audited before/after; the portal user ID stays; both the old and the new address are told', async () => {
      const f = await corporateFixture(t.db);
      const api = await portal(f.loginId);
      const newEmail = `${unique('ap')}@fixture.example`;
      const res = await api.portal.billTo.update({ contactName: 'Dana Payable', contactEmail: newEmail.toUpperCase(), street: '9 Elm Street', city: 'Chicago', postcode: '60601-1234', region: 'IL', phone: '+1 312 555 0142' });
      expect(res).toEqual({ changed: ['contactName', 'contactEmail', 'street', 'city', 'postcode', 'phone'], emailChanged: true });
      expect(await api.portal.billTo.get()).toMatchObject({ contactName: 'Dana Payable', contactEmail: newEmail, street: '9 Elm Street', city: 'Chicago', postcode: '60601-1234', region: 'IL', phone: '+1 312 555 0142', country: 'US', userId: f.loginId });
      const cred = await t.db.selectFrom('portal_credentials').select('login_id').where('account_id', '=', f.accountId).executeTakeFirstOrThrow();
      expect(cred.login_id).toBe(f.loginId);
      const log = await t.db.selectFrom('audit_log').selectAll().where('account_id', '=', f.accountId).where('action', '=', 'portal.bill_to_changed').execute();
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ actor_realm: 'portal', subject_id: f.accountId });
      expect(log[0]!.data).toMatchObject({
        before: { contactName: f.billing.name, contactEmail: f.billing.email, street: '1 Main Street', city: 'Springfield', postcode: '62704', phone: '+1 217 555 0100' },
        after: { contactName: 'Dana Payable', contactEmail: newEmail, street: '9 Elm Street', city: 'Chicago', postcode: '60601-1234', phone: '+1 312 555 0142' },
      });
      const toOld = await settledEmailsTo(t.db, f.billing.email, /Billing contact email changed/, { atLeast: 1 });
      const toNew = await settledEmailsTo(t.db, newEmail, /Billing contact email changed/, { atLeast: 1 });
      expect(toOld).toHaveLength(1);
      expect(toNew).toHaveLength(1);
      expect(toOld[0]!.text).toContain('If you did not make this change');
      expect(toNew[0]!.text).toContain(f.loginId);
      // The same person signs in with the same portal user ID afterwards (the session's person is re-read).
      expect((await (await portal(f.loginId)).portal.me()).userId).toBe(f.loginId);
    });

    it('CP-3: saving the same details changes nothing and writes no audit entry', async () => {
      const f = await corporateFixture(t.db);
      const api = await portal(f.loginId);
      const before = await api.portal.billTo.get();
      const res = await api.portal.billTo.update({ contactName: before.contactName, contactEmail: before.contactEmail, street: before.street!, city: before.city!, postcode: before.postcode!, region: before.region ?? '', phone: before.phone ?? '' });
      expect(res).toEqual({ changed: [], emailChanged: false });
      expect(await t.db.selectFrom('audit_log').select('id').where('account_id', '=', f.accountId).execute()).toHaveLength(0);
    });

    it('CP-3: bad input gets a clear message in the caller\'s language and changes nothing (email, international phone, US postcode shape)', async () => {
      const f = await corporateFixture(t.db);
      const it = await portal(f.loginId, 'it');
      const valid = { contactName: 'Dana', contactEmail: 'dana@fixture.example', street: '9 Elm Street', city: 'Chicago', postcode: '60601', region: 'IL', phone: '+1 312 555 0142' };
      const badEmail = await refused(it.portal.billTo.update({ ...valid, contactEmail: 'dana-at-fixture' }), 'BAD_REQUEST');
      expect(badEmail.message).toBe('Inserisci un indirizzo email valido, ad esempio nome@azienda.it.');
      const badPhone = await refused(it.portal.billTo.update({ ...valid, phone: '312 555 0142' }), 'BAD_REQUEST');
      expect(badPhone.message).toMatch(/^Inserisci il numero di telefono in formato internazionale/);
      const en = await portal(f.loginId);
      const badPostcode = await refused(en.portal.billTo.update({ ...valid, postcode: '6060' }), 'BAD_REQUEST');
      expect(badPostcode.message).toBe('This is not a valid postcode for US. For example 62704.');
      await refused(en.portal.billTo.update({ ...valid, contactName: '  ' }), 'BAD_REQUEST');
      await refused(en.portal.billTo.update({ ...valid, contactEmail: 'carla@globex.example' }), 'BAD_REQUEST').then((e) => expect(e.message).toBe('This email address is already used by another person. Choose another one.'));
      expect(await en.portal.billTo.get()).toMatchObject({ contactEmail: f.billing.email, street: '1 Main Street', postcode: '62704' });
      expect(await t.db.selectFrom('audit_log').select('id').where('account_id', '=', f.accountId).execute()).toHaveLength(0);
    });

    it('CP-3: the country is shown but the server refuses to change it (004: "escluso il paese"); an Italian account gets Italian postcode rules', async () => {
      const f = await corporateFixture(t.db, { country: 'IT' });
      const it = await portal(f.loginId, 'it');
      const valid = { contactName: 'Dana', contactEmail: 'dana-it@fixture.example', street: 'Via Dante 2', city: 'Torino', postcode: '10121', region: 'TO', phone: '+39 011 123 4567' };
      const err = await refused(it.portal.billTo.update({ ...valid, country: 'FR' }), 'BAD_REQUEST');
      expect(err.message).toBe('Il paese dell’indirizzo di fatturazione non può essere modificato nel Portale. Contatta Corporate Account Services (Servizi per account Corporate).');
      await refused(it.portal.billTo.update({ ...valid, postcode: '1012' }), 'BAD_REQUEST');
      expect((await it.portal.billTo.get()).country).toBe('IT');
      expect((await it.portal.billTo.update(valid)).changed).toContain('city');
      expect(await it.portal.billTo.get()).toMatchObject({ city: 'Torino', country: 'IT' });
    });
  });

  describe('CP-5 Cronologia fatture', () => {
    it('CP-5: the last 20 of the demo account\'s 25 invoices, newest first, with due date, PO number, paid, balance and state', async () => {
      const carla = await portal('globex-billing');
      const { limit, invoices } = await carla.portal.invoices.list();
      expect(limit).toBe(20);
      expect(await t.db.selectFrom('invoices').select('id').where('account_id', '=', DEMO_IDS.accounts.globex).execute()).toHaveLength(25);
      expect(invoices).toHaveLength(20);
      expect(invoices.map((i) => i.issuedAt.getTime())).toEqual([...invoices.map((i) => i.issuedAt.getTime())].sort((a, b) => b - a));
      expect(invoices[0]!.id).toBe('inv_globex_25');
      expect(invoices[0]).toMatchObject({ state: 'open', amountPaid: 0n, purchaseOrderNumber: 'PO-4500012345' });
      expect(invoices[0]!.balance).toBe(invoices[0]!.total);
      // The one before is part-paid and past its due date: overdue, its balance what is left.
      expect(invoices[1]).toMatchObject({ state: 'overdue', amountPaid: 100_000n });
      expect(invoices[1]!.balance).toBe(invoices[1]!.total - 100_000n);
      expect(invoices.slice(2).every((i) => i.state === 'paid' && i.balance === 0n)).toBe(true);
    });

    it('CP-5: a corporate invoice names the billing contact with their portal user ID, on the page data and in the PDF (English and Italian)', async () => {
      const carla = await portal('globex-billing');
      const inv = await carla.portal.invoices.get({ invoiceId: 'inv_globex_25' });
      expect(inv.buyer).toMatchObject({ name: 'Globex Corporation', contact_name: 'Carla Contact', portal_user_id: 'globex-billing' });
      expect(inv.dueAt).toBeInstanceOf(Date);
      const en = pdfText(await renderInvoicePdf(inv, 'en'));
      expect(en).toContain('Billing contact: Carla Contact (user ID globex-billing)');
      expect(en).toContain('Purchase order PO-4500012345');
      expect(en).toContain('Due date:');
      expect(en).toContain('Balance due');
      const it = pdfText(await renderInvoicePdf(inv, 'it'));
      expect(it).toContain('Contatto di fatturazione: Carla Contact (ID utente globex-billing)');
      expect(it).toContain('Scadenza:');
    });

    it('CP-5: another account\'s invoice is NOT_FOUND, like one that does not exist; a malformed ID too', async () => {
      const f = await corporateFixture(t.db, { invoices: 2 });
      const other = await portal(f.loginId);
      await refused(other.portal.invoices.get({ invoiceId: 'inv_globex_25' }), 'NOT_FOUND');
      await refused(other.portal.invoices.get({ invoiceId: 'inv_NOPE0000000000000000' }), 'NOT_FOUND');
      await refused(other.portal.invoices.get({ invoiceId: '../etc/passwd' }), 'BAD_REQUEST');
      const { invoices } = await other.portal.invoices.list();
      expect(invoices.map((i) => i.id)).toEqual(f.invoiceIds);
      const carla = await portal('globex-billing');
      await refused(carla.portal.invoices.get({ invoiceId: f.invoiceIds[0]! }), 'NOT_FOUND');
    });

  });

  describe('CP-8 Destinatari fatture', () => {
    it('CP-8: add and remove recipients, validated, no duplicates, never the contact, at most 10; every change audited', async () => {
      const f = await corporateFixture(t.db);
      const api = await portal(f.loginId, 'it');
      const added = await api.portal.recipients.add({ email: '  Payables@Fixture.Example ', name: 'Payables' });
      expect(added).toMatchObject({ email: 'payables@fixture.example', name: 'Payables' });
      const dup = await refused(api.portal.recipients.add({ email: 'payables@fixture.example', name: '' }), 'BAD_REQUEST');
      expect(dup.message).toBe('payables@fixture.example riceve già le fatture.');
      await refused(api.portal.recipients.add({ email: f.billing.email, name: '' }), 'BAD_REQUEST');
      const bad = await refused(api.portal.recipients.add({ email: 'not an email', name: '' }), 'BAD_REQUEST');
      expect(bad.message).toBe('Inserisci un indirizzo email valido, ad esempio nome@azienda.it.');
      for (let i = 0; i < 9; i++) await api.portal.recipients.add({ email: `r${i}-${f.tag}@fixture.example`, name: '' });
      const max = await refused(api.portal.recipients.add({ email: `eleventh-${f.tag}@fixture.example`, name: '' }), 'BAD_REQUEST');
      expect(max.message).toBe('Un account può avere al massimo 10 destinatari delle fatture. Rimuovine prima uno.');
      expect((await api.portal.recipients.list()).recipients).toHaveLength(10);
      expect(await api.portal.recipients.remove({ id: added.id })).toEqual({ email: 'payables@fixture.example' });
      await refused(api.portal.recipients.remove({ id: added.id }), 'NOT_FOUND');
      const actions = (await t.db.selectFrom('audit_log').select('action').where('account_id', '=', f.accountId).orderBy('id').execute()).map((a) => a.action);
      expect(actions.filter((a) => a === 'portal.invoice_recipient_added')).toHaveLength(10);
      expect(actions.at(-1)).toBe('portal.invoice_recipient_removed');
    });

    it('CP-8: two concurrent adds at the limit do not both pass', async () => {
      const f = await corporateFixture(t.db);
      const api = await portal(f.loginId);
      for (let i = 0; i < 9; i++) await api.portal.recipients.add({ email: `c${i}-${f.tag}@fixture.example`, name: '' });
      const results = await Promise.allSettled([api.portal.recipients.add({ email: `x-${f.tag}@fixture.example`, name: '' }), api.portal.recipients.add({ email: `y-${f.tag}@fixture.example`, name: '' })]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await api.portal.recipients.list()).recipients).toHaveLength(10);
    });

    it('CP-8: another account\'s recipient cannot be removed (NOT_FOUND) and stays', async () => {
      const f = await corporateFixture(t.db);
      await refused((await portal(f.loginId)).portal.recipients.remove({ id: 'irc_globex_ap' }), 'NOT_FOUND');
      expect(await t.db.selectFrom('invoice_recipients').select('id').where('id', '=', 'irc_globex_ap').executeTakeFirst()).toBeDefined();
    });
  });

  describe('CP-9 Ordini d\'acquisto', () => {
    it('CP-9: add, edit and remove purchase orders with expiry dates; the valid one is the one printed; one expiring within 30 days is flagged', async () => {
      const f = await corporateFixture(t.db);
      const api = await portal(f.loginId);
      const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
      const old = await api.portal.purchaseOrders.save({ number: 'PO-OLD-1', expiresOn: day(10) });
      const next = await api.portal.purchaseOrders.save({ number: 'PO-NEXT-2', expiresOn: day(200) });
      let list = (await api.portal.purchaseOrders.list()).purchaseOrders;
      expect(list.map((p) => [p.number, p.state, p.current])).toEqual([['PO-NEXT-2', 'current', true], ['PO-OLD-1', 'expiring', false]]);
      expect(list[1]!.daysLeft).toBe(10);
      expect(await validPurchaseOrder(t.db, f.accountId, new Date())).toMatchObject({ number: 'PO-NEXT-2' });
      // The newer PO is no longer valid after its date; the older one takes over only while it is valid itself.
      expect(await validPurchaseOrder(t.db, f.accountId, new Date(Date.now() + 201 * 86_400_000))).toBeNull();
      await api.portal.purchaseOrders.save({ id: next.id, number: 'PO-NEXT-2B', expiresOn: '' });
      list = (await api.portal.purchaseOrders.list()).purchaseOrders;
      expect(list[0]).toMatchObject({ number: 'PO-NEXT-2B', expiresOn: null, state: 'current' });
      await api.portal.purchaseOrders.remove({ id: old.id });
      expect((await api.portal.purchaseOrders.list()).purchaseOrders.map((p) => p.number)).toEqual(['PO-NEXT-2B']);
      const log = await t.db.selectFrom('audit_log').select(['action', 'data']).where('account_id', '=', f.accountId).orderBy('id').execute();
      expect(log.map((l) => l.action)).toEqual(['portal.purchase_order_added', 'portal.purchase_order_added', 'portal.purchase_order_changed', 'portal.purchase_order_removed']);
      expect(log[2]!.data).toEqual({ before: { number: 'PO-NEXT-2', expiresOn: day(200) }, after: { number: 'PO-NEXT-2B', expiresOn: null } });
    });

    it('CP-9: bad numbers and dates, past dates and duplicates are refused with a clear message; another account\'s PO is NOT_FOUND', async () => {
      const f = await corporateFixture(t.db);
      const it = await portal(f.loginId, 'it');
      expect((await refused(it.portal.purchaseOrders.save({ number: '', expiresOn: '' }), 'BAD_REQUEST')).message).toMatch(/^Inserisci il numero dell’ordine d’acquisto/);
      expect((await refused(it.portal.purchaseOrders.save({ number: 'PO-1', expiresOn: '2026-02-30' }), 'BAD_REQUEST')).message).toBe('Inserisci la data di scadenza come data di calendario.');
      expect((await refused(it.portal.purchaseOrders.save({ number: 'PO-1', expiresOn: '2001-01-01' }), 'BAD_REQUEST')).message).toBe('La data di scadenza non può essere nel passato.');
      await it.portal.purchaseOrders.save({ number: 'PO-1', expiresOn: '' });
      expect((await refused(it.portal.purchaseOrders.save({ number: 'PO-1', expiresOn: '' }), 'BAD_REQUEST')).message).toBe('L’ordine d’acquisto PO-1 è già presente in questo account.');
      await refused(it.portal.purchaseOrders.save({ id: 'po_globex_1', number: 'HIJACK', expiresOn: '' }), 'NOT_FOUND');
      await refused(it.portal.purchaseOrders.remove({ id: 'po_globex_1' }), 'NOT_FOUND');
      expect(await t.db.selectFrom('purchase_orders').select('number').where('id', '=', 'po_globex_1').executeTakeFirstOrThrow()).toEqual({ number: 'PO-4500012345' });
    });
  });

  describe('CP-7 Metodo di pagamento', () => {
    it('CP-7: wire transfer and check show the seller\'s details and a reference; a saved card is the only automatic method', async () => {
      const f = await corporateFixture(t.db);
      const api = await portal(f.loginId);
      let pm = await api.portal.paymentMethod.get();
      expect(pm).toMatchObject({ selected: null, automatic: false, card: null, debitScheme: 'ach' });
      expect(pm.wire).toEqual({ beneficiary: env().SELLER_US_ENTITY_NAME, bank: env().SELLER_BANK_NAME, account: env().SELLER_BANK_ACCOUNT, swift: env().SELLER_BANK_SWIFT });
      expect(pm.reference).toMatch(/^SP-/);
      pm = await api.portal.paymentMethod.save({ kind: 'wire' });
      expect(pm).toMatchObject({ selected: 'wire', automatic: false });
      pm = await api.portal.paymentMethod.save({ kind: 'check' });
      expect(pm).toMatchObject({ selected: 'check', automatic: false, check: { address: env().SELLER_CHECK_ADDRESS } });
      // No card yet: "keep the saved card" has nothing to keep.
      await refused(api.portal.paymentMethod.save({ kind: 'card', paymentMethodId: null }), 'BAD_REQUEST');
      const { clientSecret } = await api.portal.paymentMethod.setupCard();
      expect(clientSecret).toMatch(/^seti_/);
      pm = await api.portal.paymentMethod.save({ kind: 'card', paymentMethodId: await createCard(CARDS.visa) });
      expect(pm).toMatchObject({ selected: 'card', automatic: true, card: { label: 'Visa •••• 4242' } });
      pm = await api.portal.paymentMethod.save({ kind: 'wire' });
      expect(pm).toMatchObject({ selected: 'wire', automatic: false, card: { label: 'Visa •••• 4242' } });
      pm = await api.portal.paymentMethod.save({ kind: 'card', paymentMethodId: null });
      expect(pm).toMatchObject({ selected: 'card', automatic: true });
      // Replaced by another card.
      pm = await api.portal.paymentMethod.save({ kind: 'card', paymentMethodId: await createCard(CARDS.visaDebit) });
      expect(pm.card?.label).toBe('Visa •••• 5556');
      const rows = await t.db.selectFrom('payment_methods').select(['kind', 'is_default']).where('account_id', '=', f.accountId).execute();
      expect(rows.filter((r) => r.is_default)).toEqual([{ kind: 'card', is_default: true }]);
      const log = await t.db.selectFrom('audit_log').select('data').where('account_id', '=', f.accountId).where('action', '=', 'portal.payment_method_changed').orderBy('id').execute();
      expect(log).toHaveLength(6);
      expect(log[2]!.data).toMatchObject({ before: { kind: 'check' }, after: { kind: 'card', last4: '4242' } });
    });

    it('CP-7: a declined card saves nothing and says why', async () => {
      const f = await corporateFixture(t.db);
      const api = await portal(f.loginId);
      const err = await refused(api.portal.paymentMethod.save({ kind: 'card', paymentMethodId: await createCard(CARDS.declined) }), 'BAD_REQUEST');
      expect(err.message).toMatch(/Nothing was saved; please try another card\.$/);
      expect((await api.portal.paymentMethod.get()).selected).toBeNull();
    });

    it('CP-7: SEPA direct debit for an EUR account (IBAN validated; only the last four and the bank code kept); not for USD', async () => {
      const f = await corporateFixture(t.db, { country: 'IT' });
      const it = await portal(f.loginId, 'it');
      expect((await refused(it.portal.paymentMethod.save({ kind: 'direct_debit', scheme: 'sepa_debit', iban: 'DE62 3704 0044 0532 0130 00', holder: 'Fixture', mandate: true }), 'BAD_REQUEST')).message).toBe('Questo IBAN non è valido. Controlla il codice del paese, le cifre di controllo e la lunghezza.');
      expect((await refused(it.portal.paymentMethod.save({ kind: 'direct_debit', scheme: 'sepa_debit', iban: 'DE62370400440532013001', holder: 'Fixture', mandate: false }), 'BAD_REQUEST')).message).toBe('Per pagare con addebito diretto devi autorizzare gli addebiti.');
      await refused(it.portal.paymentMethod.save({ kind: 'direct_debit', scheme: 'ach', routingNumber: '011000015', accountNumber: '000123456789', holder: 'Fixture', mandate: true }), 'BAD_REQUEST');
      const pm = await it.portal.paymentMethod.save({ kind: 'direct_debit', scheme: 'sepa_debit', iban: 'de62 3704 0044 0532 0130 01', holder: 'Fixture S.p.A.', mandate: true });
      expect(pm).toMatchObject({ selected: 'direct_debit', automatic: false, debit: { scheme: 'sepa_debit', last4: '3001', holder: 'Fixture S.p.A.' } });
      const row = await t.db.selectFrom('payment_methods').selectAll().where('account_id', '=', f.accountId).where('is_default', '=', true).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ kind: 'direct_debit', debit_scheme: 'sepa_debit', bank_last4: '3001', bank_code: '37040044' });
      expect(row.stripe_payment_method_id).toMatch(/^pm_/);
      expect(JSON.stringify(row)).not.toContain('0532013001');
      const audit = await t.db.selectFrom('audit_log').select('data').where('account_id', '=', f.accountId).where('action', '=', 'portal.payment_method_changed').executeTakeFirstOrThrow();
      expect(JSON.stringify(audit.data)).not.toContain('0532013001');
    });

    it('CP-7: ACH for a USD account checks the routing number; localstripe cannot tokenise ACH, which is said plainly and saves nothing', async () => {
      const f = await corporateFixture(t.db);
      const api = await portal(f.loginId);
      expect((await refused(api.portal.paymentMethod.save({ kind: 'direct_debit', scheme: 'ach', routingNumber: '011000016', accountNumber: '000123456789', holder: 'Fixture', mandate: true }), 'BAD_REQUEST')).message).toBe('This routing number is not valid (9 digits with a correct check digit).');
      await refused(api.portal.paymentMethod.save({ kind: 'direct_debit', scheme: 'sepa_debit', iban: 'DE62370400440532013001', holder: 'Fixture', mandate: true }), 'BAD_REQUEST');
      const err = await refused(api.portal.paymentMethod.save({ kind: 'direct_debit', scheme: 'ach', routingNumber: '011000015', accountNumber: '000123456789', holder: 'Fixture', mandate: true }), 'BAD_REQUEST');
      expect(err.message).toBe('Direct debit in USD is not available on this server. Choose another payment method.');
      expect((await api.portal.paymentMethod.get()).selected).toBeNull();
    });
  });

  describe('portal password', () => {
    it('CP-1: the contact changes the portal password while signed in: the current one is asked, every older session ends, the user ID stays', async () => {
      const f = await corporateFixture(t.db);
      // A session that began a while ago (the fixture's credential was made just now, which would end it).
      await t.db.updateTable('portal_credentials').set({ sessions_valid_after: new Date(Date.now() - 60_000) }).where('account_id', '=', f.accountId).execute();
      const earlier = await sessionFor(t.db, { portal: f.loginId }, Math.floor(Date.now() / 1000) - 5);
      const api = callerWithSession({ db: t.db, mailer, locale: 'it' }, earlier);
      await refused(api.portal.changePassword({ currentPassword: 'not-the-password', newPassword: 'portal-new-secret', confirm: 'portal-new-secret' }), 'BAD_REQUEST');
      await refused(api.portal.changePassword({ currentPassword: 'seatplan-demo', newPassword: 'short', confirm: 'short' }), 'BAD_REQUEST');
      expect(await api.portal.changePassword({ currentPassword: 'seatplan-demo', newPassword: 'portal-new-secret', confirm: 'portal-new-secret' })).toEqual({ ok: true });
      await refused(api.portal.me(), 'UNAUTHORIZED');
      const cred = await t.db.selectFrom('portal_credentials').select(['login_id', 'password_hash']).where('account_id', '=', f.accountId).executeTakeFirstOrThrow();
      expect(cred.login_id).toBe(f.loginId);
      expect(await verifyPassword(cred.password_hash, 'portal-new-secret')).toBe(true);
      expect(await t.db.selectFrom('audit_log').select('action').where('account_id', '=', f.accountId).execute()).toEqual([{ action: 'auth.password_changed' }]);
    });
  });

  describe('CP-12 W-9', () => {
    it('CP-12: US accounts get the US entity\'s W-9 (a sample, clearly marked, when none is configured); other accounts are pointed to a request', async () => {
      const carla = await portal('globex-billing');
      expect(await carla.portal.w9()).toEqual({ available: true, entity: env().SELLER_US_ENTITY_NAME, sample: true });
      const { pdf, sample } = await w9Pdf(env());
      expect(sample).toBe(true);
      const text = pdfText(pdf);
      expect(text).toContain('SAMPLE - NOT A VALID W-9');
      expect(text).toContain(env().SELLER_US_ENTITY_NAME);
      expect(text).toContain(env().SELLER_US_ENTITY_TIN);
      const f = await corporateFixture(t.db, { country: 'IT' });
      expect((await (await portal(f.loginId)).portal.w9()).available).toBe(false);
    });
  });
});
