import { sql } from 'kysely';
import type { Db } from '../../db/client';
import { newId } from '../../db/ids';
import type { EmailAttachment, Mailer } from './transport';
import { templates, type Locale, type TemplateName } from './templates';

/**
 * Sends an email at most once per idempotency key: the outbox row is claimed first, and a retry
 * (a re-run activity, a repeated request) finds `sent_at` set and does nothing. The one window left —
 * a crash between the SMTP hand-off and marking it sent — resends with the same Message-ID, so
 * receivers can drop the duplicate.
 */
export async function sendEmailOnce<T extends TemplateName>(
  deps: { db: Db; mailer: Mailer },
  input: {
    key: string; to: string; locale: Locale; template: T; data: Parameters<(typeof templates)[T]>[1];
    /** Made only when the email is actually sent (an already-sent email renders no PDF). */
    attachments?: () => Promise<EmailAttachment[]>;
  },
): Promise<'sent' | 'already-sent'> {
  const { db, mailer } = deps;
  const rendered = (templates[input.template] as (l: Locale, d: unknown) => { subject: string; text: string; html: string })(input.locale, input.data);
  await db
    .insertInto('email_outbox')
    .values({ id: newId('mail'), idempotency_key: input.key, to_address: input.to, subject: rendered.subject, template: input.template })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
  const row = await db.selectFrom('email_outbox').select(['id', 'sent_at']).where('idempotency_key', '=', input.key).executeTakeFirstOrThrow();
  if (row.sent_at) return 'already-sent';
  await mailer.send({ to: input.to, ...rendered, messageId: `<${row.id}@seatplan>`, attachments: input.attachments ? await input.attachments() : undefined });
  await db.updateTable('email_outbox').set({ sent_at: sql`now()` }).where('id', '=', row.id).execute();
  return 'sent';
}
