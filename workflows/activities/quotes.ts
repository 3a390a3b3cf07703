import { ApplicationFailure } from '@temporalio/activity';
import { formatMoney } from '../../server/billing';
import { sendEmailOnce } from '../../server/email/send-once';
import { renderInvoicePdf } from '../../server/invoices/pdf';
import { expireQuote } from '../../server/services/quotes/lifecycle';
import { loadQuote, quoteDocument, quoteLineSummary } from '../../server/services/quotes/view';
import type { QuoteOutcome } from '../shared';
import type { ActivityDeps } from './deps';

export interface QuoteActivities {
  /** The quote and its PDF to the billing contact, once per idempotency key. */
  sendQuoteEmail(input: { quoteId: string; kind: 'sent' | 'resent'; idempotencyKey: string }): Promise<void>;
  /** The timer fired: expires the quote if still open; returns how it ended in the database. */
  expireQuote(input: { quoteId: string }): Promise<QuoteOutcome>;
  /** Tells the sales rep how the quote ended, once. */
  notifyRepOfQuote(input: { quoteId: string; outcome: QuoteOutcome; idempotencyKey: string }): Promise<void>;
}

export function createQuoteActivities(deps: Pick<ActivityDeps, 'db' | 'mailer' | 'appUrl'>): QuoteActivities {
  const { db } = deps;
  const quote = async (quoteId: string) => {
    const q = await loadQuote(db, quoteId);
    if (!q) throw ApplicationFailure.nonRetryable(`quote ${quoteId} does not exist`, 'QuoteNotFound');
    return q;
  };
  return {
    async sendQuoteEmail({ quoteId, kind, idempotencyKey }) {
      const q = await quote(quoteId);
      const contact = await db
        .selectFrom('accounts as a')
        .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
        .select(['u.email', 'u.name', 'u.locale'])
        .where('a.id', '=', q.accountId)
        .executeTakeFirst();
      if (!contact) throw ApplicationFailure.nonRetryable(`account ${q.accountId} has no billing contact`, 'QuoteNotFound');
      const locale = contact.locale === 'it' ? 'it' : 'en';
      const date = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'long', timeZone: 'UTC' });
      await sendEmailOnce(deps, {
        key: idempotencyKey,
        to: contact.email,
        locale,
        template: 'quoteSent',
        data: {
          name: contact.name,
          number: q.number,
          accountName: q.accountName,
          repName: q.rep?.name ?? null,
          lines: q.lines.map((l) => quoteLineSummary(l, q.currency, locale)),
          total: formatMoney({ amount: q.total, currency: q.currency }, locale),
          validUntil: date.format(q.expiresAt),
          purchaseOrderNumber: q.purchaseOrderNumber,
          notes: q.notes,
          quoteUrl: `${deps.appUrl}/portal/quotes/${q.id}`,
          resent: kind === 'resent',
        },
        attachments: async () => [{ filename: `${q.number}.pdf`, contentType: 'application/pdf', content: await renderInvoicePdf(await quoteDocument(db, q), locale) }],
      });
    },

    async expireQuote({ quoteId }) {
      const outcome = await expireQuote(db, quoteId, new Date());
      if (!outcome) throw ApplicationFailure.nonRetryable(`quote ${quoteId} was never sent`, 'QuoteNotFound');
      return outcome;
    },

    async notifyRepOfQuote({ quoteId, outcome, idempotencyKey }) {
      const q = await quote(quoteId);
      if (!q.rep) return;
      await sendEmailOnce(deps, {
        key: idempotencyKey,
        to: q.rep.email,
        locale: 'en',
        template: 'quoteEnded',
        data: {
          repName: q.rep.name,
          number: q.number,
          accountName: q.accountName,
          outcome,
          total: formatMoney({ amount: q.total, currency: q.currency }, 'en'),
          reason: q.rejectionReason,
          supersededBy: q.supersededByNumber,
          quoteUrl: `${deps.appUrl}/backoffice/quotes/${q.id}`,
        },
      });
    },
  };
}
