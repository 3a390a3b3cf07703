/**
 * Identity emails (CP-2 password reset, AC-1 "Email billing admin") in English and Italian, with the
 * seeds' vocabulary (ID utente, contatto di fatturazione, amministratore della fatturazione,
 * Portale di fatturazione Corporate, Centro fatturazione). Registered in templates.ts.
 */
export type Locale = 'en' | 'it';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function render(lines: string[], linkLabel?: string, url?: string) {
  const text = [...lines, ...(url ? ['', `${linkLabel}: ${url}`] : [])].join('\n');
  const html = `<div style="font-family:system-ui,sans-serif;line-height:1.5">${lines.map((l) => `<p>${escape(l).replace(/\n/g, '<br>')}</p>`).join('')}${
    url ? `<p><a href="${escape(url)}">${escape(linkLabel ?? url)}</a></p>` : ''
  }</div>`;
  return { text, html };
}

export interface PasswordResetEmailData {
  name: string;
  realm: 'product' | 'portal' | 'staff';
  /** The user ID or email the request named. */
  login: string;
  resetUrl: string;
  expiresInMinutes: number;
}

export interface BillingAdminContactEmailData {
  billingAdminName: string;
  fromName: string;
  fromEmail: string;
  accountName: string;
  message: string;
  subscriptionsUrl: string;
}

const realmName = {
  en: { product: 'Billing Center', portal: 'Corporate Billing Portal', staff: 'Seatplan back office' },
  it: { product: 'Centro fatturazione', portal: 'Portale di fatturazione Corporate', staff: 'back office di Seatplan' },
} as const;

export const authTemplates = {
  passwordReset(locale: Locale, d: PasswordResetEmailData) {
    const where = realmName[locale][d.realm];
    return locale === 'it'
      ? {
          subject: `Reimposta la password per il ${where}`,
          ...render(
            [
              `Ciao ${d.name},`,
              `abbiamo ricevuto una richiesta di reimpostazione della password per l'ID utente ${d.login} (${where}).`,
              `Il collegamento funziona una sola volta e scade tra ${d.expiresInMinutes} minuti. Dopo la reimpostazione, le altre sessioni aperte verranno chiuse.`,
              'Se non hai richiesto tu la reimpostazione, ignora questa email: la password resta invariata.',
            ],
            'Reimposta la password',
            d.resetUrl,
          ),
        }
      : {
          subject: `Reset your ${where} password`,
          ...render(
            [
              `Hello ${d.name},`,
              `we received a request to reset the password for the user ID ${d.login} (${where}).`,
              `The link works once and expires in ${d.expiresInMinutes} minutes. After the reset, your other open sessions are signed out.`,
              'If you did not ask for this, ignore this email: your password stays as it is.',
            ],
            'Reset your password',
            d.resetUrl,
          ),
        };
  },
  billingAdminContact(locale: Locale, d: BillingAdminContactEmailData) {
    return locale === 'it'
      ? {
          subject: `${d.fromName} chiede una modifica a prodotti o licenze di ${d.accountName}`,
          ...render(
            [
              `Ciao ${d.billingAdminName},`,
              `${d.fromName} (${d.fromEmail}), amministratore dell'account ${d.accountName}, ti ha scritto dal Centro di amministrazione perché sei l'amministratore della fatturazione:`,
              d.message,
              `Per rispondere, scrivi a ${d.fromEmail}. Puoi modificare prodotti e licenze dalla pagina Sottoscrizioni del Centro fatturazione.`,
            ],
            'Centro fatturazione',
            d.subscriptionsUrl,
          ),
        }
      : {
          subject: `${d.fromName} asks for a change to ${d.accountName}'s products or licenses`,
          ...render(
            [
              `Hello ${d.billingAdminName},`,
              `${d.fromName} (${d.fromEmail}), an admin of the ${d.accountName} account, wrote to you from the Admin Center because you are the billing admin:`,
              d.message,
              `To answer, write to ${d.fromEmail}. You can change products and licenses on the Subscriptions page of the Billing Center.`,
            ],
            'Billing Center',
            d.subscriptionsUrl,
          ),
        };
  },
};
