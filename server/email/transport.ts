import nodemailer, { type Transporter } from 'nodemailer';
import type { Env } from '../env';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per logical email, so a receiver (and our tests) can tell a duplicate from a new one. */
  messageId: string;
  /** E.g. the quote PDF (CP-4). */
  attachments?: Array<{ filename: string; content: Uint8Array; contentType: string }>;
}

export interface Mailer {
  send(mail: OutgoingEmail): Promise<void>;
  close(): void;
}

export function createSmtpMailer(e: Pick<Env, 'SMTP_URL' | 'MAIL_FROM'>): Mailer {
  const transport: Transporter = nodemailer.createTransport(e.SMTP_URL);
  return {
    async send(mail) {
      const { attachments, ...rest } = mail;
      await transport.sendMail({ from: e.MAIL_FROM, ...rest, ...(attachments && { attachments: attachments.map((a) => ({ ...a, content: Buffer.from(a.content) })) }) });
    },
    close: () => transport.close(),
  };
}
