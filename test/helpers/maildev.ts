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
