import { z } from 'zod';

/**
 * Every environment variable Seatplan reads, parsed once. `npm start` and `npm test` fill these in
 * for the embedded stack; set them yourself to use external PostgreSQL, Temporal, Stripe or SMTP.
 */
const commaList = (fallback: string) => z.string().default(fallback).transform((s, ctx) => {
  const days = s.split(',').map((x) => x.trim()).filter(Boolean).map(Number);
  if (days.some((d) => !Number.isInteger(d) || d <= 0)) {
    ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of positive whole numbers, e.g. "7,1"' });
    return z.NEVER;
  }
  return days;
});

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  APP_URL: z.url('must be the public base URL of the app, e.g. http://localhost:3000').default('http://localhost:3000'),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 random characters (e.g. `openssl rand -hex 32`)'),

  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a PostgreSQL URL: postgres://user:password@host:port/database'),
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),

  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port, e.g. 127.0.0.1:7233').default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('seatplan'),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CA_PATH: z.string().min(1).optional(),
  TEMPORAL_UI_URL: z.url().default('http://127.0.0.1:8233'),
  /** BO-2: an order not finished this many minutes after it was placed is listed as stuck. */
  OPS_STUCK_AFTER_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(30),
  /** How often the reconcilers run while the stack runs (the Temporal Schedule `reconcile-<task queue>`); 0: only at start. */
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),

  STRIPE_SECRET_KEY: z.string().regex(/^sk_test_/, 'must be a Stripe test-mode secret key (sk_test_…)'),
  STRIPE_PUBLISHABLE_KEY: z.string().regex(/^pk_test_/, 'must be a Stripe test-mode publishable key (pk_test_…)'),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_/, 'must be the webhook signing secret (whsec_…)'),
  /** Set only for localstripe; unset means the real Stripe API. */
  STRIPE_API_BASE: z.url().optional(),

  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an SMTP URL: smtp://user:pass@host:port or smtps://…'),
  MAIL_FROM: z.string().min(3).default('Seatplan Billing <billing@seatplan.example>'),

  SELLER_NAME: z.string().min(1).default('Seatplan S.r.l.'),
  SELLER_COUNTRY: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code, e.g. IT').default('IT'),
  SELLER_VAT_NUMBER: z.string().min(4).default('IT00743110157'),
  SELLER_ADDRESS: z.string().min(1).default('Via Example 1, 20100 Milano, Italy'),
  /** VIES REST API base (https://ec.europa.eu/taxation_customs/vies/rest-api); unset = VAT numbers are checked offline only. */
  VIES_URL: z.url('must be the base URL of the VIES REST API, e.g. https://ec.europa.eu/taxation_customs/vies/rest-api').optional(),
  /** CP-7 electronic payment / wire transfer: the seller's bank details shown in the portal. */
  SELLER_BANK_NAME: z.string().min(1).default('Banca Esempio S.p.A., Milano'),
  SELLER_BANK_ACCOUNT: z.string().min(4).default('IT60 X054 2811 1010 0000 0123 456'),
  SELLER_BANK_SWIFT: z.string().regex(/^[A-Z0-9]{8}([A-Z0-9]{3})?$/, 'must be a SWIFT/BIC code of 8 or 11 characters, e.g. BPMOIT22XXX').default('BPMOIT22XXX'),
  /** CP-7 check: where checks are mailed. */
  SELLER_CHECK_ADDRESS: z.string().min(1).default('Seatplan USA, Inc., Lockbox 12345, PO Box 9000, Boston, MA 02205, USA'),
  /** CP-12 W-9 (seed 004: the W-9 of the vendor's US entity). */
  SELLER_US_ENTITY_NAME: z.string().min(1).default('Seatplan USA, Inc.'),
  SELLER_US_ENTITY_ADDRESS: z.string().min(1).default('100 Example Street, Suite 200, Boston, MA 02110'),
  SELLER_US_ENTITY_TIN: z.string().regex(/^\d{2}-\d{7}$/, 'must be an EIN in the form 12-3456789').default('00-0000000'),
  /** A W-9 PDF the operator supplies (signed); unset: the portal serves a generated sample marked as such. */
  SELLER_W9_PDF: z.string().min(1).optional(),

  TRIAL_REMINDER_DAYS: commaList('7,1'),

  // WF-4 / BC-9 renewals and dunning (server/billing/dunning.ts turns these into schedules).
  /** Days after a failed renewal's due date at which the card is tried again; after the last, the subscription lapses. */
  RENEWAL_RETRY_DAYS: commaList('3,5,7'),
  /** Days a lapsed subscription keeps its seat assignments. */
  RENEWAL_SEAT_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** Corporate renewal invoices are due this many days after they are issued (net terms). */
  CORPORATE_NET_TERMS_DAYS: z.coerce.number().int().min(0).max(180).default(30),
  CORPORATE_REMINDER_DAYS_BEFORE: commaList('7'),
  CORPORATE_REMINDER_DAYS_AFTER: commaList('1,7'),
  /** A corporate subscription whose renewal invoice is still unpaid this many days after its due date expires. */
  CORPORATE_EXPIRY_DAYS_OVERDUE: z.coerce.number().int().min(0).max(365).default(30),

  /** BO-1: the largest discount a sales rep may give on a quote line, in basis points (2000 = 20 %). */
  QUOTE_MAX_DISCOUNT_BASIS_POINTS: z.coerce.number().int().min(0).max(10_000).default(2000),
  /** CP-10: how long the quote an add-seats order makes stays open (days). */
  ADD_SEATS_QUOTE_VALID_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** WF-3: the processing promise of seed 000 ("can take up to 24 hours"), in hours. */
  SERVICE_ORDER_SLA_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
  /** WF-3: after a declined card or 3-D Secure, how long the billing contact has to pay (hours). */
  SERVICE_ORDER_PAYMENT_WINDOW_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(72),
  /** WF-3: an external provisioner's base URL; unset = the embedded one (Seatplan's own database). */
  PROVISIONER_URL: z.url().optional(),
  /** Proxies in front of the app that append to X-Forwarded-For (0 = clients reach Next directly). */
  TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  /** How long a password-reset link works (CP-2). */
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(60),
  /** Absolute lifetime of a session from its sign-in, however busy (next-auth's own expiry slides). */
  SESSION_MAX_HOURS: z.coerce.number().positive('must be a positive number of hours').max(24 * 30, 'must be at most 720 hours (30 days)').default(12),
});

export type Env = z.infer<typeof schema>;

/** The renewal schedules of the configuration, in the shape the pure schedule functions take. */
export function renewalPolicies(e: Env) {
  return {
    dunning: { retryDays: e.RENEWAL_RETRY_DAYS, seatGraceDays: e.RENEWAL_SEAT_GRACE_DAYS },
    corporate: { netTermsDays: e.CORPORATE_NET_TERMS_DAYS, reminderDaysBefore: e.CORPORATE_REMINDER_DAYS_BEFORE, reminderDaysAfter: e.CORPORATE_REMINDER_DAYS_AFTER, expiryDaysOverdue: e.CORPORATE_EXPIRY_DAYS_OVERDUE },
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid Seatplan configuration:\n${lines.join('\n')}\nSee .env.example and the README's Configuration section.`);
  }
  return result.data;
}

let cached: Env | undefined;
/** Parsed on first use, not at import, so `next build` does not need runtime secrets. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
