import { sql } from 'kysely';
import type { Db } from '../../db/client';
import type { RequestCategory } from '../../db/schema';
import { sendEmailOnce } from '../email/send-once';
import type { Mailer } from '../email/transport';
import { translate, type Locale } from '../i18n/messages';
import { requestCategoryText } from '../requests/labels';

/**
 * The emails of the request conversation (CP-13…CP-15), each sent once per logical event (the
 * outbox key names the request or the message). The contact is the account's current billing contact,
 * in their language; staff news goes to whoever works the request, else the account's sales rep.
 */
export interface MailDeps {
  db: Db;
  mailer: Mailer;
  appUrl: string;
}

const categoryLabel = (locale: Locale, category: RequestCategory, subcategory: string | null) =>
  requestCategoryText((key, vars) => translate(locale, key, vars), category, subcategory);

/**
 * sendEmailOnce, serialized per key: a request filed twice at the same moment (a double click) makes two
 * callers of the same email; the advisory lock lets the second one find it sent instead of sending it again.
 * The outbox row commits with the SMTP hand-off, so a failed send leaves nothing behind and a retry sends it.
 */
async function sendOnceLocked<T extends Parameters<typeof sendEmailOnce>[1]>(deps: MailDeps, input: T) {
  await deps.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`email:${input.key}`}))`.execute(trx);
    await sendEmailOnce({ db: trx, mailer: deps.mailer }, input);
  });
}

const portalUrl = (appUrl: string, requestId: string) => new URL(`/portal/requests/${requestId}`, appUrl).toString();
const staffUrl = (appUrl: string, requestId: string) => new URL(`/backoffice/requests/${requestId}`, appUrl).toString();

async function requestContext(db: Db, requestId: string) {
  return db
    .selectFrom('requests as r')
    .innerJoin('accounts as a', 'a.id', 'r.account_id')
    .leftJoin('users as c', 'c.id', 'a.billing_contact_user_id')
    .leftJoin('staff as s', (j) => j.on((eb) => eb('s.id', '=', eb.fn.coalesce('r.assigned_staff_id', 'a.sales_rep_staff_id'))))
    .select(['r.id', 'r.case_number', 'r.category', 'r.subcategory', 'r.details', 'a.name as account_name', 'c.email as contact_email', 'c.name as contact_name', 'c.locale as contact_locale', 's.email as staff_email', 's.disabled_at as staff_disabled_at'])
    .where('r.id', '=', requestId)
    .executeTakeFirstOrThrow();
}

type ContactTemplate = 'requestAcknowledged' | 'requestReply' | 'requestResolved';

/** To the billing contact: the acknowledgement (key `request:<id>:ack`), a reply or the resolution (keyed by message). */
export async function emailContact(deps: MailDeps, input: { requestId: string; template: ContactTemplate; key: string; message: string; author?: string }) {
  const r = await requestContext(deps.db, input.requestId);
  if (!r.contact_email || !r.contact_name) return;
  const locale: Locale = r.contact_locale === 'it' ? 'it' : 'en';
  await sendOnceLocked(deps, {
    key: input.key,
    to: r.contact_email,
    locale,
    template: input.template,
    data: {
      name: r.contact_name,
      caseNumber: r.case_number,
      category: categoryLabel(locale, r.category, r.subcategory),
      accountName: r.account_name,
      message: input.message,
      author: input.author,
      url: portalUrl(deps.appUrl, r.id),
    },
  });
}

/** To the staff member working the request, else the account's rep; nobody when neither exists. */
export async function emailStaff(deps: MailDeps, input: { requestId: string; key: string; message: string; isNew: boolean }) {
  const r = await requestContext(deps.db, input.requestId);
  if (!r.staff_email || r.staff_disabled_at) return;
  await sendOnceLocked(deps, {
    key: input.key,
    to: r.staff_email,
    locale: 'en',
    template: 'requestStaffNotice',
    data: {
      name: '',
      caseNumber: r.case_number,
      category: categoryLabel('en', r.category, r.subcategory),
      accountName: r.account_name,
      message: input.message,
      isNew: input.isNew,
      url: staffUrl(deps.appUrl, r.id),
    },
  });
}

/** CP-15: the cancellation at term end was recorded (or withdrawn); keyed by the audit event. */
export async function emailCancellation(
  deps: MailDeps,
  input: { accountId: string; key: string; template: 'cancellationRecorded' | 'cancellationWithdrawn'; product: string; endsAt: Date; caseNumber: string | null },
) {
  const c = await deps.db
    .selectFrom('accounts as a')
    .innerJoin('users as c', 'c.id', 'a.billing_contact_user_id')
    .select(['c.email', 'c.name', 'c.locale'])
    .where('a.id', '=', input.accountId)
    .executeTakeFirst();
  if (!c) return;
  const locale: Locale = c.locale === 'it' ? 'it' : 'en';
  const endsOn = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(input.endsAt);
  await sendOnceLocked(deps, {
    key: input.key,
    to: c.email,
    locale,
    template: input.template,
    data: { name: c.name, product: input.product, endsOn, caseNumber: input.caseNumber, url: new URL('/portal', deps.appUrl).toString() },
  });
}
