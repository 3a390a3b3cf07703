import nodemailer, { type Transporter } from 'nodemailer';
import type { Env } from '../env';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per logical email, so a receiver (and our tests) can tell a duplicate from a new one. */
  messageId: string;
  /** Files sent with the email (e.g. an invoice PDF). */
  attachments?: EmailAttachment[];
}

export interface EmailAttachment {
  filename: string;
  content: Uint8Array;
  contentType: string;
}

export interface Mailer {
  send(mail: OutgoingEmail): Promise<void>;
  close(): void;
}

/**
 * SMTP through a small pool of kept-open connections (nodemailer's `pool`, up to 5): without it every
 * email opened its own connection (TCP, greeting, EHLO, …, QUIT) — at 20 orders at once, 20 handshakes
 * with the relay. `?pool=false` in SMTP_URL turns it off.
 */
export function smtpTransportUrl(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  return url.toString();
}

export function createSmtpMailer(e: Pick<Env, 'SMTP_URL' | 'MAIL_FROM'>): Mailer {
  const transport: Transporter = nodemailer.createTransport(smtpTransportUrl(e.SMTP_URL));
  return {
    async send(mail) {
      const { attachments, ...rest } = mail;
      await transport.sendMail({ from: e.MAIL_FROM, ...rest, attachments: attachments?.map((a) => ({ filename: a.filename, content: Buffer.from(a.content), contentType: a.contentType })) });
    },
    close: () => transport.close(),
  };
}
