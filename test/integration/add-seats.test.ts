import { describe, expect, it } from 'vitest';
import { money, prorateCoTerm } from '../../server/billing';
import { env } from '../../server/env';
import { createCorporateAccount } from '../helpers/corporate';
import { useQuoteStack } from '../helpers/quote-stack';
import { settledEmailsTo } from '../helpers/maildev';

const DAY = 86_400_000;

/** CP-10 seed 000's rules, each refused with a clear message in the contact's language and nothing changed. */
describe('CP-10 add seats: the rules of seed 000 through tRPC', () => {
  const stack = useQuoteStack();
  const as = stack.as;
  const quotesOf = (accountId: string) => stack.db.selectFrom('quotes').select(['id', 'status', 'superseded_by_quote_id']).where('account_id', '=', accountId).execute();

  it('CP-10: Salva carrello e rivedi makes the order’s quote: seats co-termed to the contract end and prorated exactly by prorateCoTerm, taxed, with the valid PO', async () => {
    const corp = await createCorporateAccount(stack.db, { country: 'IT', currency: 'EUR' });
    const portal = await as({ portal: corp.portalLoginId });
    const form = await portal.portal.addSeats.form();
    expect(form.refusal).toBeNull();
    expect(form.products.map((p) => [p.productName, p.seats])).toEqual([['Meeting', 50], ['Training', 10]]);
    const before = Date.now();
    const { quoteId } = await portal.portal.addSeats.createQuote({ items: [{ productId: 'prd_meeting', seats: 5 }, { productId: 'prd_training', seats: 0 }] });
    const q = await portal.portal.quotes.get({ quoteId });
    expect(q.status).toBe('pending');
    expect(q.source).toBe('add_seats');
    expect(q.purchaseOrderNumber).toBe(corp.purchaseOrderNumber);
    expect(q.lines).toHaveLength(1);
    const unit = (await stack.db.selectFrom('prices').select('unit_amount').where('id', '=', 'price_meeting_enterprise_annual_eur').executeTakeFirstOrThrow()).unit_amount;
    const at = q.lines[0]!.termStart;
    expect(at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const co = prorateCoTerm({ addedSeats: 5, annualUnitPrice: money(unit, 'EUR'), termStart: corp.contractStart, termEnd: corp.contractEnd, at, tax: { rateBasisPoints: 2200, reverseCharge: false, country: 'IT' } });
    expect(q.lines[0]!.amount).toBe(co.netDue.amount);
    expect(q.lines[0]!.termEnd).toEqual(corp.contractEnd);
    expect([q.subtotal, q.tax, q.total]).toEqual([co.netDue.amount, co.tax.amount, co.totalDue.amount]);
    expect(q.expiresAt.getTime() - at.getTime()).toBeGreaterThanOrEqual(env().ADD_SEATS_QUOTE_VALID_DAYS * DAY - 1000);
    // Its own WF-6 timer runs (no email: the contact made it).
    expect((await stack.worker.client.workflow.getHandle(`quote-${quoteId}`).describe()).status.name).toBe('RUNNING');
  });

  it('CP-10: an account flagged not eligible for self-service is told to contact Corporate Account Services, with the request form link', async () => {
    const corp = await createCorporateAccount(stack.db, { eligible: false });
    const portal = await as({ portal: corp.portalLoginId }, 'it');
    expect((await portal.portal.addSeats.form()).refusal).toEqual({ reason: 'not_eligible', requestUrl: '/portal/requests/new?category=seats_products' });
    await expect(portal.portal.addSeats.createQuote({ items: [{ productId: 'prd_meeting', seats: 5 }] })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'Il tuo account non è idoneo al self-service perché i prodotti richiedono assistenza aggiuntiva. Contatta i Servizi per Account Corporate.',
      // The page links the request form from the error's details.
      cause: { details: { requestUrl: '/portal/requests/new?category=seats_products' } },
    });
    expect(await quotesOf(corp.accountId)).toEqual([]);
  });

  it('CP-10: without an automatic payment method (a card) the contact is sent to the payment-method tab', async () => {
    const corp = await createCorporateAccount(stack.db, { card: false });
    await stack.db.insertInto('payment_methods').values({ id: `pm_wire_${corp.tag}`, account_id: corp.accountId, kind: 'wire', is_default: true }).execute();
    const portal = await as({ portal: corp.portalLoginId });
    expect((await portal.portal.addSeats.form()).refusal).toEqual({ reason: 'no_card', paymentMethodUrl: '/portal/payment-method' });
    await expect(portal.portal.addSeats.createQuote({ items: [{ productId: 'prd_meeting', seats: 5 }] })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Your account must have an automatic payment method (a credit or debit card) selected. Add one on the Payment method tab.',
    });
    expect(await quotesOf(corp.accountId)).toEqual([]);
  });

  it('CP-10: only products whose catalog flag allows corporate add-seats; only the account’s own active subscriptions', async () => {
    const corp = await createCorporateAccount(stack.db);
    const portal = await as({ portal: corp.portalLoginId });
    await stack.db.updateTable('products').set({ corporate_add_seats: false }).where('id', '=', 'prd_training').execute();
    try {
      expect((await portal.portal.addSeats.form()).products.find((p) => p.productId === 'prd_training')?.supported).toBe(false);
      await expect(portal.portal.addSeats.createQuote({ items: [{ productId: 'prd_training', seats: 2 }] })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: 'Additional seats for Training cannot be added online. Please contact Corporate Account Services.',
      });
    } finally {
      await stack.db.updateTable('products').set({ corporate_add_seats: true }).where('id', '=', 'prd_training').execute();
    }
    await expect(portal.portal.addSeats.createQuote({ items: [{ productId: 'prd_webinar', seats: 2 }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(portal.portal.addSeats.createQuote({ items: [{ productId: 'prd_meeting', seats: 0 }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(portal.portal.addSeats.createQuote({ items: [{ productId: 'prd_meeting', seats: -1 }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await quotesOf(corp.accountId)).toEqual([]);
  });

  it('CP-10 WF-6: open quotes must be accepted or rejected first — refused without confirmation; on confirmation they expire at once, superseded by the new quote, and the rep is told', async () => {
    const corp = await createCorporateAccount(stack.db);
    const rita = await as({ staff: 'rita.rep@seatplan.example' });
    const { quoteId: repQuote } = await rita.backoffice.quotes.create({
      accountId: corp.accountId, expiresAt: new Date(Date.now() + 30 * DAY),
      lines: [{ productId: 'prd_meeting', tierId: 'tier_meeting_enterprise', seats: 20, discountBasisPoints: 500, term: 'co_term' }],
    });
    await rita.backoffice.quotes.send({ quoteId: repQuote });
    const portal = await as({ portal: corp.portalLoginId });
    expect((await portal.portal.addSeats.form()).openQuotes.map((q) => q.id)).toEqual([repQuote]);
    await expect(portal.portal.addSeats.createQuote({ items: [{ productId: 'prd_meeting', seats: 5 }] })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('1 open quote') });
    expect((await quotesOf(corp.accountId)).map((q) => q.status)).toEqual(['pending']);

    const { quoteId, superseded } = await portal.portal.addSeats.createQuote({ items: [{ productId: 'prd_meeting', seats: 5 }], supersedeOpenQuotes: true });
    expect(superseded).toBe(1);
    const old = (await quotesOf(corp.accountId)).find((q) => q.id === repQuote)!;
    expect(old).toMatchObject({ status: 'superseded', superseded_by_quote_id: quoteId });
    expect(await stack.worker.client.workflow.getHandle(`quote-${repQuote}`).result()).toBe('superseded');
    const repView = await rita.backoffice.quotes.get({ quoteId: repQuote });
    const [email] = await settledEmailsTo(stack.db, 'rita.rep@seatplan.example', new RegExp(`${repView.number} superseded`), { atLeast: 1 });
    expect(email!.text).toContain(repView.supersededByNumber!);
  });

  it('CP-10: Completa il pagamento → Salva e procedi saves the draft service order (admin contact, card, billing address); a new admin’s email of another account is refused', async () => {
    const corp = await createCorporateAccount(stack.db);
    const portal = await as({ portal: corp.portalLoginId });
    const { quoteId } = await portal.portal.addSeats.createQuote({ items: [{ productId: 'prd_meeting', seats: 3 }] });
    const checkout = await portal.portal.addSeats.checkout({ quoteId });
    expect(checkout.card).toMatchObject({ brand: 'visa', last4: '4242' });
    expect(checkout.admins.map((a) => a.email).sort()).toEqual([corp.admin.email, corp.contact.email].sort());
    await expect(
      portal.portal.addSeats.saveServiceOrder({ quoteId, admin: { userId: null, name: 'Bella', email: 'bella@northwind.example' }, billingAddress: { street: '2 New St', city: 'Shelbyville', postcode: '62565', region: 'IL' } }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const { serviceOrderId } = await portal.portal.addSeats.saveServiceOrder({
      quoteId, admin: { userId: null, name: 'New Admin', email: `NEW-${corp.tag}@corp.example` }, billingAddress: { street: '2 New St', city: 'Shelbyville', postcode: '62565', region: 'IL' },
    });
    const so = await portal.portal.addSeats.serviceOrder({ serviceOrderId });
    expect(so).toMatchObject({ status: 'draft', admin: { action: 'create', name: 'New Admin', email: `new-${corp.tag}@corp.example` }, card: { brand: 'visa', last4: '4242' } });
    const account = await stack.db.selectFrom('accounts').select(['billing_street', 'billing_city', 'country']).where('id', '=', corp.accountId).executeTakeFirstOrThrow();
    expect(account).toEqual({ billing_street: '2 New St', billing_city: 'Shelbyville', country: 'US' });
    // Saving again updates the same draft; another account's portal sees nothing.
    const again = await portal.portal.addSeats.saveServiceOrder({ quoteId, admin: { userId: corp.admin.id, name: corp.admin.name, email: corp.admin.email }, billingAddress: { street: '2 New St', city: 'Shelbyville', postcode: '62565', region: null } });
    expect(again.serviceOrderId).toBe(serviceOrderId);
    expect((await portal.portal.addSeats.serviceOrder({ serviceOrderId })).admin).toMatchObject({ action: 'update' });
    await expect((await as({ portal: 'globex-billing' })).portal.addSeats.serviceOrder({ serviceOrderId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect((await as({ portal: 'globex-billing' })).portal.addSeats.checkout({ quoteId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
