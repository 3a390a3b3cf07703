import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { decideTax, discountedUnitPrice, money, priceQuote, prorateCoTerm } from '../../server/billing';
import { env } from '../../server/env';
import { createCaller } from '../../server/trpc/root';
import { testPayments } from '../helpers/callers';
import { createCorporateAccount } from '../helpers/corporate';
import { useQuoteStack } from '../helpers/quote-stack';
import { settledEmailsTo } from '../helpers/maildev';
import { searchAttributesAt } from '../helpers/temporal';

const RITA = { staff: 'rita.rep@seatplan.example' } as const;
const OTTO = { staff: 'otto.ops@seatplan.example' } as const;
const NORA = { staff: 'nora.cas@seatplan.example' } as const;
const DAY = 86_400_000;

describe('BO-1 / CP-4 / WF-6 quotes through tRPC on the real stack', () => {
  const stack = useQuoteStack();
  const as = stack.as;
  const untilStatus = async (quoteId: string, status: string) => {
    for (let i = 0; i < 300; i++) {
      const q = await stack.db.selectFrom('quotes').select('status').where('id', '=', quoteId).executeTakeFirstOrThrow();
      if (q.status === status) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`quote ${quoteId} never became ${status}`);
  };
  const lines = [
    { productId: 'prd_meeting', tierId: 'tier_meeting_enterprise', seats: 10, discountBasisPoints: 1000, term: 'co_term' as const },
    { productId: 'prd_webinar', tierId: 'tier_webinar_business', seats: 3, discountBasisPoints: 0, term: 'new_term' as const },
  ];

  it('BO-1: the rep drafts a quote priced by priceQuote (discount, co-term to the contract end, new annual term, tax) with the valid PO', async () => {
    const corp = await createCorporateAccount(stack.db, { country: 'IT', currency: 'EUR' });
    const rita = await as(RITA);
    const before = new Date();
    const { quoteId } = await rita.backoffice.quotes.create({ accountId: corp.accountId, expiresAt: new Date(Date.now() + 30 * DAY), notes: 'Office expansion', lines });
    const after = new Date();
    const q = await rita.backoffice.quotes.get({ quoteId });
    expect(q.status).toBe('draft');
    expect(q.purchaseOrderNumber).toBe(corp.purchaseOrderNumber);
    // Re-priced independently with the pure function at the quote's pricing instant (the first line's start).
    const at = q.lines[0]!.termStart;
    expect(at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(at.getTime()).toBeLessThanOrEqual(after.getTime());
    const list = async (tierId: string) => (await stack.db.selectFrom('prices').select('unit_amount').where('tier_id', '=', tierId).where('frequency', '=', 'annual').where('currency', '=', 'EUR').executeTakeFirstOrThrow()).unit_amount;
    const tax = decideTax({ sellerCountry: env().SELLER_COUNTRY, buyerCountry: 'IT', rates: [{ country: 'IT', rateBasisPoints: 2200 }] });
    const meetingUnit = discountedUnitPrice(money(await list('tier_meeting_enterprise'), 'EUR'), 1000);
    expect(q.lines[0]!.amount).toBe(prorateCoTerm({ addedSeats: 10, annualUnitPrice: meetingUnit, termStart: corp.contractStart, termEnd: corp.contractEnd, at, tax }).netDue.amount);
    expect(q.lines[0]!.termEnd).toEqual(corp.contractEnd);
    expect(q.lines[1]!.amount).toBe(3n * (await list('tier_webinar_business')));
    const expected = priceQuote({
      lines: [
        { productId: 'prd_meeting', tierId: 'tier_meeting_enterprise', seats: 10, listUnitPrice: money(await list('tier_meeting_enterprise'), 'EUR'), discountBasisPoints: 1000, term: { kind: 'co_term', termStart: corp.contractStart, termEnd: corp.contractEnd } },
        { productId: 'prd_webinar', tierId: 'tier_webinar_business', seats: 3, listUnitPrice: money(await list('tier_webinar_business'), 'EUR'), discountBasisPoints: 0, term: { kind: 'new_term' } },
      ],
      at, tax, maxDiscountBasisPoints: env().QUOTE_MAX_DISCOUNT_BASIS_POINTS,
    });
    expect({ subtotal: q.subtotal, tax: q.tax, total: q.total, rate: q.taxRateBasisPoints }).toEqual({ subtotal: expected.subtotal.amount, tax: expected.tax.amount, total: expected.total.amount, rate: 2200 });
    expect(q.timeline.map((e) => e.action)).toEqual(['quote.created']);
  });

  it('BO-1: a discount above the configured limit is refused in the rep’s language and nothing is written', async () => {
    const corp = await createCorporateAccount(stack.db);
    const rita = await as(RITA, 'it');
    const limit = env().QUOTE_MAX_DISCOUNT_BASIS_POINTS;
    await expect(
      rita.backoffice.quotes.create({ accountId: corp.accountId, expiresAt: new Date(Date.now() + DAY), lines: [{ ...lines[0]!, discountBasisPoints: limit + 1 }] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: `Lo sconto può essere al massimo del ${limit / 100} %.` });
    await expect(rita.backoffice.quotes.create({ accountId: corp.accountId, expiresAt: new Date(Date.now() - DAY), lines })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'La data di scadenza deve essere futura.' });
    await expect(rita.backoffice.quotes.create({ accountId: corp.accountId, expiresAt: new Date(Date.now() + DAY), lines: [lines[0]!, lines[0]!] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(rita.backoffice.quotes.create({ accountId: corp.accountId, expiresAt: new Date(Date.now() + DAY), lines: [{ ...lines[0]!, tierId: 'tier_webinar_business' }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await stack.db.selectFrom('quotes').select('id').where('account_id', '=', corp.accountId).execute()).toEqual([]);
  });

  it('BO-1: a rep sees and quotes only their own accounts; operations read every account’s quotes but cannot quote', async () => {
    const other = await stack.db.insertInto('staff').values({ id: 'staff_other_rep', email: 'other.rep@seatplan.example', name: 'Other Rep', password_hash: 'x', role: 'sales_rep' }).returning('id').executeTakeFirstOrThrow();
    const corp = await createCorporateAccount(stack.db, { repId: other.id });
    const rita = await as(RITA);
    await expect(rita.backoffice.quotes.create({ accountId: corp.accountId, expiresAt: new Date(Date.now() + DAY), lines })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(rita.backoffice.quotes.form({ accountId: corp.accountId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const otherRep = await createCaller({ db: stack.db, temporal: async () => stack.worker.client, taskQueue: stack.worker.taskQueue, payments: testPayments(), now: () => new Date(), session: { realm: 'staff', subjectId: other.id, issuedAt: Math.floor(Date.now() / 1000) }, mailer: stack.mailer });
    const { quoteId } = await otherRep.backoffice.quotes.create({ accountId: corp.accountId, expiresAt: new Date(Date.now() + DAY), lines });
    await expect(rita.backoffice.quotes.get({ quoteId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await rita.backoffice.quotes.list()).some((q) => q.id === quoteId)).toBe(false);
    const otto = await as(OTTO);
    expect((await otto.backoffice.quotes.get({ quoteId })).id).toBe(quoteId);
    await expect(otto.backoffice.quotes.send({ quoteId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The portal of another account does not see it either.
    await expect((await as({ portal: 'globex-billing' })).portal.quotes.get({ quoteId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('BO-1: Corporate Account Services quote every corporate account (not only a rep’s own), see the rep’s quotes, and are told how their own quote ended', async () => {
    const other = await stack.db.insertInto('staff').values({ id: 'staff_cas_case_rep', email: 'cas-case.rep@seatplan.example', name: 'Case Rep', password_hash: 'x', role: 'sales_rep' }).returning('id').executeTakeFirstOrThrow();
    const corp = await createCorporateAccount(stack.db, { repId: other.id });
    const nora = await as(NORA);
    expect((await nora.backoffice.quotes.form({ accountId: corp.accountId })).account.id).toBe(corp.accountId);
    const { quoteId } = await nora.backoffice.quotes.create({ accountId: corp.accountId, expiresAt: new Date(Date.now() + 30 * DAY), lines });
    await nora.backoffice.quotes.send({ quoteId });
    const q = await nora.backoffice.quotes.get({ quoteId });
    expect(q.rep?.email).toBe(NORA.staff);
    expect(await settledEmailsTo(stack.db, corp.contact.email, new RegExp(q.number), { atLeast: 1 })).toHaveLength(1);
    // A quote of the account's own rep is in Corporate Account Services' list too.
    const otherRep = await createCaller({ db: stack.db, temporal: async () => stack.worker.client, taskQueue: stack.worker.taskQueue, payments: testPayments(), now: () => new Date(), session: { realm: 'staff', subjectId: other.id, issuedAt: Math.floor(Date.now() / 1000) }, mailer: stack.mailer });
    const { quoteId: repsQuote } = await otherRep.backoffice.quotes.create({ accountId: corp.accountId, expiresAt: new Date(Date.now() + DAY), lines });
    expect((await nora.backoffice.quotes.list({ accountId: corp.accountId })).map((x) => x.id).sort()).toEqual([quoteId, repsQuote].sort());
    await (await as({ portal: corp.portalLoginId })).portal.quotes.reject({ quoteId, reason: null });
    expect(await stack.worker.client.workflow.getHandle(`quote-${quoteId}`).result()).toBe('rejected');
    expect(await settledEmailsTo(stack.db, NORA.staff, new RegExp(`${q.number} rejected`), { atLeast: 1 })).toHaveLength(1);
  });

  it('BO-1 WF-6 CP-4: send emails the billing contact the quote PDF with a link to the portal; its quote-<id> workflow carries account and status; the contact’s first look shows in the rep’s timeline', async () => {
    const corp = await createCorporateAccount(stack.db);
    const rita = await as(RITA);
    const { quoteId } = await rita.backoffice.quotes.create({ accountId: corp.accountId, expiresAt: new Date(Date.now() + 30 * DAY), lines });
    const sent = await rita.backoffice.quotes.send({ quoteId });
    expect(sent.status).toBe('pending');
    await expect(rita.backoffice.quotes.update({ quoteId, expiresAt: new Date(Date.now() + DAY), lines })).rejects.toMatchObject({ code: 'CONFLICT' });
    const q = await rita.backoffice.quotes.get({ quoteId });
    const [email] = await settledEmailsTo(stack.db, corp.contact.email, new RegExp(q.number), { atLeast: 1 });
    expect(email!.text).toContain(`/portal/quotes/${quoteId}`);
    expect(email!.text).toContain(corp.purchaseOrderNumber);
    const withAttachments = email as unknown as { attachments?: Array<{ fileName?: string; generatedFileName?: string; contentType: string }> };
    expect(withAttachments.attachments?.map((a) => a.contentType)).toEqual(['application/pdf']);
    expect(await searchAttributesAt(stack.worker.client, `quote-${quoteId}`, 'pending')).toMatchObject({ accountId: corp.accountId, status: 'pending' });

    const portal = await as({ portal: corp.portalLoginId });
    expect((await portal.portal.quotes.list()).open.map((x) => x.id)).toEqual([quoteId]);
    const seen = await portal.portal.quotes.get({ quoteId });
    expect(seen.lines).toHaveLength(2);
    await portal.portal.quotes.get({ quoteId });
    expect((await rita.backoffice.quotes.get({ quoteId })).timeline.map((e) => e.action)).toEqual(['quote.created', 'quote.sent', 'quote.viewed']);

    await rita.backoffice.quotes.resend({ quoteId });
    expect(await settledEmailsTo(stack.db, corp.contact.email, new RegExp(q.number), { atLeast: 2 })).toHaveLength(2);
  });

  it('CP-4 WF-6: Rifiuta with a reason closes the quote, the rep is emailed the reason, and the workflow ends rejected', async () => {
    const corp = await createCorporateAccount(stack.db);
    const rita = await as(RITA);
    const { quoteId } = await rita.backoffice.quotes.create({ accountId: corp.accountId, expiresAt: new Date(Date.now() + 30 * DAY), lines });
    await rita.backoffice.quotes.send({ quoteId });
    const portal = await as({ portal: corp.portalLoginId }, 'it');
    await expect(portal.portal.quotes.reject({ quoteId: 'quo_globex_pending', reason: null })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await portal.portal.quotes.reject({ quoteId, reason: 'Budget frozen until Q3' });
    await expect(portal.portal.quotes.reject({ quoteId, reason: null })).rejects.toMatchObject({ code: 'CONFLICT', message: 'Questo preventivo non è più aperto.' });
    const result = await stack.worker.client.workflow.getHandle(`quote-${quoteId}`).result();
    expect(result).toBe('rejected');
    const q = await rita.backoffice.quotes.get({ quoteId });
    const [toRep] = await settledEmailsTo(stack.db, 'rita.rep@seatplan.example', new RegExp(`${q.number} rejected`), { atLeast: 1 });
    expect(toRep!.text).toContain('Reason: Budget frozen until Q3');
    expect(q.timeline.map((e) => e.action)).toContain('quote.rejected');
  });

  it('WF-6: a sent quote expires at its expiry date on the real server, without a cron; the rep is told; it can no longer be accepted', async () => {
    const corp = await createCorporateAccount(stack.db);
    const rita = await as(RITA);
    const { quoteId } = await rita.backoffice.quotes.create({ accountId: corp.accountId, expiresAt: new Date(Date.now() + 4000), lines });
    await rita.backoffice.quotes.send({ quoteId });
    expect(await stack.worker.client.workflow.getHandle(`quote-${quoteId}`).result()).toBe('expired');
    await untilStatus(quoteId, 'expired');
    const q = await rita.backoffice.quotes.get({ quoteId });
    await settledEmailsTo(stack.db, 'rita.rep@seatplan.example', new RegExp(`${q.number} expired`), { atLeast: 1 });
    expect(await searchAttributesAt(stack.worker.client, `quote-${quoteId}`, 'expired')).toMatchObject({ status: 'expired' });
  });

  it('BO-1: withdraw takes a sent quote back (no longer open to the contact); a draft is deleted', async () => {
    const corp = await createCorporateAccount(stack.db);
    const rita = await as(RITA);
    const { quoteId } = await rita.backoffice.quotes.create({ accountId: corp.accountId, expiresAt: new Date(Date.now() + 30 * DAY), lines });
    await rita.backoffice.quotes.send({ quoteId });
    await rita.backoffice.quotes.withdraw({ quoteId });
    expect(await stack.worker.client.workflow.getHandle(`quote-${quoteId}`).result()).toBe('withdrawn');
    const portal = await as({ portal: corp.portalLoginId });
    expect((await portal.portal.quotes.list()).open).toEqual([]);
    const draft = await rita.backoffice.quotes.create({ accountId: corp.accountId, expiresAt: new Date(Date.now() + DAY), lines });
    expect(await rita.backoffice.quotes.withdraw({ quoteId: draft.quoteId })).toEqual({ quoteId: draft.quoteId, status: 'deleted' });
    await expect(rita.backoffice.quotes.get({ quoteId: draft.quoteId })).rejects.toBeInstanceOf(TRPCError);
  });
});
