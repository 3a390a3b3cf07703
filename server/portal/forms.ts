import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { electronicFormatIBAN, isSEPACountry, isValidIBAN } from 'ibantools';
import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator';
import { z } from 'zod';

/**
 * Corporate Billing Portal form schemas, shared by the pages (checked before sending) and the tRPC
 * procedures (checked again on the server), so both sides accept exactly the same input. Messages are
 * message keys of server/i18n/portal-messages.ts: the page and the tRPC error formatter translate
 * them into the viewer's language. Pure: safe to import from client components.
 */

const text = (max: number, requiredKey: string) => z.string().trim().min(1, requiredKey).max(max, 'portal.err.tooLong');
const optionalText = (max: number) => z.string().trim().max(max, 'portal.err.tooLong').transform((s) => (s === '' ? null : s));

export const portalEmail = z
  .string()
  .trim()
  .max(254, 'portal.err.email')
  .pipe(z.email('portal.err.email'))
  .transform((e) => e.toLowerCase());

/** CP-3: a phone number in international format (+ and the country code), stored as libphonenumber formats it. */
export const internationalPhone = z
  .string()
  .trim()
  .max(40, 'portal.err.phone')
  .transform((s, ctx) => {
    if (s === '') return null;
    const n = s.startsWith('+') ? parsePhoneNumberFromString(s) : undefined;
    if (!n?.isValid()) {
      ctx.addIssue({ code: 'custom', message: 'portal.err.phone' });
      return z.NEVER;
    }
    return n.formatInternational();
  });

/** An example postcode per country for hints and messages (the shapes themselves come from postcode-validator). */
export const POSTCODE_EXAMPLES: Readonly<Record<string, string>> = {
  US: '62704', IT: '20121', GB: 'SW1A 1AA', DE: '10115', FR: '75001', ES: '28001', NL: '1012 AB', CA: 'K1A 0B1', IE: 'D02 X285', AT: '1010', BE: '1000', CH: '8001',
};

/** Why a postcode does not fit the country's shape, or null when it fits (or the shape is not known). */
export function postcodeIssue(country: string, postcode: string): { key: string; params?: Record<string, string> } | null {
  const p = postcode.trim();
  if (p === '') return { key: 'portal.err.postcodeRequired' };
  if (!/^[0-9A-Za-z][0-9A-Za-z -]{0,11}$/.test(p)) return { key: 'portal.err.postcodeShape' };
  if (postcodeValidatorExistsForCountry(country) && !postcodeValidator(p, country)) {
    return POSTCODE_EXAMPLES[country] ? { key: 'portal.err.postcode', params: { country, example: POSTCODE_EXAMPLES[country] } } : { key: 'portal.err.postcodeShape' };
  }
  return null;
}

/**
 * CP-3 Bill To → Modifica (004: "Indirizzo (escluso il paese)", "Numero di telefono"): the billing
 * contact's name and email, the billing address without the country, and the phone. The country is
 * not a field: the procedure refuses one with its own message.
 */
export const billToFields = z.object({
  contactName: text(120, 'portal.err.nameRequired').max(120, 'portal.err.nameTooLong'),
  contactEmail: portalEmail,
  street: text(200, 'portal.err.streetRequired'),
  city: text(100, 'portal.err.cityRequired'),
  postcode: z.string().trim().max(12, 'portal.err.postcodeShape'),
  region: optionalText(100),
  phone: internationalPhone,
});
export type BillToFields = z.input<typeof billToFields>;

/** The Bill To form for an account in `country`: the fields plus the country's postcode shape. */
export function billToForm(country: string) {
  return billToFields.strict().superRefine((v, ctx) => {
    const issue = postcodeIssue(country, v.postcode);
    if (issue) ctx.addIssue({ code: 'custom', path: ['postcode'], message: issue.key, params: issue.params });
  });
}

/** CP-8: one more contact who receives the invoices by email. */
export const MAX_RECIPIENTS = 10;
export const recipientForm = z.object({ email: portalEmail, name: optionalText(120) }).strict();

/** CP-9: a purchase order number and its expiry ("due") date, a calendar date or none. */
export const PO_NUMBER = /^[0-9A-Za-z][0-9A-Za-z ./_#-]{0,39}$/;
export const MAX_PURCHASE_ORDERS = 20;
export const purchaseOrderForm = z
  .object({
    number: z.string().trim().regex(PO_NUMBER, 'portal.err.poNumber'),
    expiresOn: z
      .string()
      .trim()
      .refine((s) => s === '' || (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)), 'portal.err.poDate')
      .transform((s) => (s === '' ? null : s)),
  })
  .strict();

/** ACH: 9 digits whose weighted sum (3, 7, 1 repeating) is a multiple of 10 (the ABA check digit). */
export function isAbaRoutingNumber(s: string): boolean {
  if (!/^\d{9}$/.test(s)) return false;
  const d = [...s].map(Number);
  const sum = 3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]! + d[8]!);
  return sum % 10 === 0;
}

const holder = text(120, 'portal.err.holder');
const mandate = z.boolean('portal.err.mandate').refine((v) => v, 'portal.err.mandate');

/**
 * CP-7 Metodo di pagamento (004): card (saved through a SetupIntent: the page sends Stripe's payment
 * method ID, never card data), electronic payment / wire transfer, check, or direct debit — SEPA with
 * a valid IBAN for EUR accounts, ACH with a valid routing number for USD accounts.
 */
export const paymentMethodForm = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('card'), paymentMethodId: z.string().regex(/^pm_[A-Za-z0-9_]+$/, 'portal.err.cardMissing').nullable() }).strict(),
    z.object({ kind: z.literal('wire') }).strict(),
    z.object({ kind: z.literal('check') }).strict(),
    z.discriminatedUnion('scheme', [
    z
      .object({
        kind: z.literal('direct_debit'),
        scheme: z.literal('sepa_debit'),
        iban: z
          .string()
          .max(42, 'portal.err.iban')
          .transform((s) => electronicFormatIBAN(s) ?? '')
          .refine((s) => isValidIBAN(s), 'portal.err.iban')
          .refine((s) => isSEPACountry(s.slice(0, 2)), 'portal.err.ibanSepa'),
        holder,
        mandate,
      })
      .strict(),
    z
      .object({
        kind: z.literal('direct_debit'),
        scheme: z.literal('ach'),
        routingNumber: z.string().trim().refine(isAbaRoutingNumber, 'portal.err.routing'),
        accountNumber: z.string().trim().regex(/^\d{4,17}$/, 'portal.err.bankAccount'),
        holder,
        mandate,
      })
      .strict(),
    ], { error: 'portal.err.methodKind' }),
  ],
  { error: 'portal.err.methodKind' },
);
export type PaymentMethodForm = z.input<typeof paymentMethodForm>;
