import type { Db } from '../../db/client';

/** Reads the real inbox of the MailDev server the test stack started. */
export interface ReceivedEmail {
  id: string;
  subject: string;
  text: string;
  html: string;
  to: Array<{ address: string }>;
  headers: Record<string, string>;
  messageId?: string;
}

const base = () => {
  const url = process.env.MAILDEV_URL;
  if (!url) throw new Error('MAILDEV_URL is not set: run the tests with `npm test`.');
  return url;
};

export async function inbox(): Promise<ReceivedEmail[]> {
  const res = await fetch(`${base()}/api/email`);
  if (!res.ok) throw new Error(`MailDev answered ${res.status}`);
  return (await res.json()) as ReceivedEmail[];
}

export async function emailsTo(address: string): Promise<ReceivedEmail[]> {
  return (await inbox()).filter((m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()));
}

/** Waits until an email to `address` whose subject matches arrives. */
export async function waitForEmail(address: string, subject: RegExp, timeoutMs = 30_000): Promise<ReceivedEmail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = (await emailsTo(address)).find((m) => subject.test(m.subject));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`No email to ${address} with subject ${subject} within ${timeoutMs} ms`);
}

/** The Message-ID of a received email, without angle brackets. */
function messageIdOf(m: ReceivedEmail): string {
  return String(m.messageId ?? m.headers['message-id'] ?? '').trim().replace(/^<|>$/g, '');
}

/**
 * The emails to `address` whose subject matches that the code writing to `db` sent, once MailDev holds
 * all of them. Every email goes out through `sendEmailOnce`, which writes its `email_outbox` row before
 * the SMTP hand-off and uses `<row id@seatplan>` as the Message-ID. So:
 * - waiting for the inbox to catch up with the outbox is the positive event to wait for before asserting
 *   "exactly N" or "none" (a fixed sleep is either too short on a busy machine or hides a late email);
 * - matching by Message-ID leaves out the emails other test files (own databases) and the e2e app send to
 *   the same seeded addresses (bella@northwind.example, giulia@…) in the one MailDev all of them share.
 * An email sent twice under one Message-ID (a resend after a crash) is returned twice. `atLeast` waits for
 * an email that is still to be sent (e.g. by a workflow activity) before settling.
 */
export async function settledEmailsTo(db: Db, address: string, subject: RegExp = /.*/, opts: { atLeast?: number; timeoutMs?: number } = {}): Promise<ReceivedEmail[]> {
  const { atLeast = 0, timeoutMs = 30_000 } = opts;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Read the outbox each round: an email being sent right now (row claimed, SMTP in flight) counts too.
    const outbox = (await db.selectFrom('email_outbox').select(['id', 'subject']).where('to_address', '=', address).execute()).filter((r) => subject.test(r.subject));
    const ids = new Set(outbox.map((r) => `${r.id}@seatplan`));
    const inbox = (await emailsTo(address)).filter((m) => ids.has(messageIdOf(m)));
    const missing = [...ids].filter((id) => !inbox.some((m) => messageIdOf(m) === id));
    if (missing.length === 0 && inbox.length >= atLeast) return inbox;
    if (Date.now() > deadline) throw new Error(`After ${timeoutMs} ms MailDev holds ${inbox.length} of the ${ids.size} emails sent to ${address} matching ${subject} (at least ${atLeast} expected; missing: ${missing.join(', ') || 'none'})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
