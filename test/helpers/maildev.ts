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

/**
 * The emails to `address` whose subject matches, once MailDev holds every email the app handed to SMTP
 * for them. Every email goes out through `sendEmailOnce`, which writes its `email_outbox` row (in the
 * database `db` of the code that sent it) before the SMTP hand-off; MailDev stores a message a moment
 * after accepting it. Waiting for the inbox to catch up with the outbox is the positive event to wait
 * for before asserting "exactly N" or "none": a fixed sleep there is either too short on a busy
 * machine or hides a late extra email.
 */
export async function settledEmailsTo(db: Db, address: string, subject: RegExp = /.*/, timeoutMs = 30_000): Promise<ReceivedEmail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Read the outbox each round: an email being sent right now (row claimed, SMTP in flight) counts too.
    const outbox = (await db.selectFrom('email_outbox').select('subject').where('to_address', '=', address).execute()).filter((r) => subject.test(r.subject));
    const inbox = (await emailsTo(address)).filter((m) => subject.test(m.subject));
    if (inbox.length >= outbox.length) return inbox;
    if (Date.now() > deadline) throw new Error(`MailDev holds ${inbox.length} of the ${outbox.length} emails to ${address} matching ${subject} that were sent, after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
