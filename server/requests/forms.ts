import { z } from 'zod';

/**
 * CP-13 requests to Corporate Account Services: the form's categories and the schemas shared by the
 * pages (client-side check) and the procedures (server-side check). Pure: safe in client components.
 * Their messages are keys of server/i18n's tables: the tRPC layer tells them in the caller's language.
 *
 * The categories are seed 004's ("Form Requests > W-9/Vendor Form/Regional Forms", reactivation,
 * cancellation, billing-frequency change, seats or products, other). The form has two drop-downs, as the
 * seed says ("utilizzare i menu a discesa"): a category and, where the category has them, a topic.
 */
export const REQUEST_CATEGORIES = ['form_request', 'reactivation', 'cancellation', 'billing_frequency', 'seats_products', 'other'] as const;
export type RequestCategoryName = (typeof REQUEST_CATEGORIES)[number];

/** The second drop-down of a category (empty: none). */
export const REQUEST_SUBCATEGORIES: Record<RequestCategoryName, readonly string[]> = {
  form_request: ['w9_vendor_regional_forms'],
  reactivation: [],
  cancellation: [],
  billing_frequency: [],
  seats_products: [],
  other: [],
};

/** CP-14 / CP-15: these categories name the subscription they are about. */
export const SUBSCRIPTION_CATEGORIES: Partial<Record<RequestCategoryName, 'expired' | 'active'>> = {
  reactivation: 'expired',
  cancellation: 'active',
};

export const REQUEST_STATUSES = ['open', 'waiting_for_customer', 'resolved'] as const;
export type RequestStatusName = (typeof REQUEST_STATUSES)[number];

export const MESSAGE_MAX = 5000;

/** Free text of a request or a reply: trimmed, required, at most MESSAGE_MAX characters. */
const text = z.string().trim().min(1, 'requests.form.detailsRequired').max(MESSAGE_MAX, 'errors.requests.textTooLong');

const idOf = (prefix: string, message: string) => z.string().regex(new RegExp(`^${prefix}_[0-9A-Za-z_]{1,40}$`), message);

export const requestId = idOf('req', 'errors.requests.notFound');
export const subscriptionId = idOf('sub', 'errors.input.unknownSubscription');
export const quoteId = idOf('quo', 'errors.requests.unknownQuote');

/** The portal's form; `submissionKey` makes a double click (or a retry) file the request once. */
export const newRequestForm = z
  .object({
    category: z.enum(REQUEST_CATEGORIES),
    subcategory: z.string().max(60).nullish(),
    subscriptionId: subscriptionId.nullish(),
    details: text,
    submissionKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'errors.input.reload'),
  })
  .strict()
  .superRefine((v, ctx) => {
    const subs = REQUEST_SUBCATEGORIES[v.category];
    if (subs.length > 0 && !subs.includes(v.subcategory ?? '')) ctx.addIssue({ code: 'custom', path: ['subcategory'], message: 'requests.form.subcategoryRequired' });
    if (subs.length === 0 && v.subcategory) ctx.addIssue({ code: 'custom', path: ['subcategory'], message: 'errors.requests.noTopics' });
    if (SUBSCRIPTION_CATEGORIES[v.category] && !v.subscriptionId) ctx.addIssue({ code: 'custom', path: ['subscriptionId'], message: 'requests.form.subscriptionRequired' });
  });
export type NewRequestInput = z.infer<typeof newRequestForm>;

export const replyForm = z.object({ requestId, body: text }).strict();

/** Staff reply: the status the request goes to with it (the customer's turn, or still ours). */
export const staffReplyForm = z.object({ requestId, body: text, status: z.enum(['open', 'waiting_for_customer']) }).strict();

export const resolveForm = z.object({ requestId, note: text }).strict();

export const answerWithQuoteForm = z.object({ requestId, quoteId, body: text }).strict();

/** A reason staff give for a change to an account (audited). */
export const reason = z.string().trim().min(3, 'bo.reasonInvalid').max(500, 'bo.reasonInvalid');
