import type { Db, Trx } from '../../../db/client';
import { newId } from '../../../db/ids';
import type { JsonObject, PaymentMethodKind } from '../../../db/schema';
import type { PortalUser } from '../../auth/principals';
import type { Env } from '../../env';
import { AppError, userError } from '../../errors';
import { cardLabel } from '../../payments/card-label';
import { UnsupportedPaymentMethodError, type PaymentGateway } from '../../payments/stripe-gateway';
import type { paymentMethodForm } from '../../portal/forms';
import type { z } from 'zod';
import { acceptCard, saveCard } from '../payment-methods';
import { audit } from '../audit';
import { ensureStripeCustomer } from '../stripe-customers';

type Deps = { db: Db; payments: PaymentGateway; env: Pick<Env, 'SELLER_NAME' | 'SELLER_BANK_NAME' | 'SELLER_BANK_ACCOUNT' | 'SELLER_BANK_SWIFT' | 'SELLER_CHECK_ADDRESS' | 'SELLER_US_ENTITY_NAME'> };

export interface PaymentMethodView {
  /** The selected method (the account's default payment method), or null when none was ever chosen. */
  selected: PaymentMethodKind | null;
  /** CP-10 needs an automatic method: a card is the only one (004). */
  automatic: boolean;
  card: { label: string; expMonth: number | null; expYear: number | null } | null;
  debit: { scheme: 'sepa_debit' | 'ach'; last4: string; holder: string } | null;
  /** Which direct debit the account's currency allows (SEPA for EUR, ACH for USD), or null. */
  debitScheme: 'sepa_debit' | 'ach' | null;
  /** What to write on a transfer or a check, and where to send them (from configuration). */
  wire: { beneficiary: string; bank: string; account: string; swift: string };
  check: { payee: string; address: string };
  reference: string;
}

const debitSchemeFor = (currency: string) => (currency === 'EUR' ? 'sepa_debit' : currency === 'USD' ? 'ach' : null);

/** The reference a transfer or a check quotes so that the payment finds its account (with the invoice number). */
export const paymentReference = (accountId: string) => accountId.toUpperCase().replace(/^ACCT_/, 'SP-');

/** CP-7 Metodo di pagamento: the selected method, the saved card and bank account, and the seller's details for transfers and checks. */
export async function getPaymentMethod(deps: Pick<Deps, 'db' | 'env'>, accountId: string): Promise<PaymentMethodView> {
  const { db, env } = deps;
  const account = await db.selectFrom('accounts').select(['id', 'currency', 'country']).where('id', '=', accountId).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('payment_methods').selectAll().where('account_id', '=', accountId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  const selected = rows.find((r) => r.is_default) ?? null;
  // The saved card / bank account: the selected one, else the latest of its kind.
  const card = (selected?.kind === 'card' ? selected : null) ?? rows.find((r) => r.kind === 'card') ?? null;
  const debit = (selected?.kind === 'direct_debit' ? selected : null) ?? rows.find((r) => r.kind === 'direct_debit') ?? null;
  const usEntity = account.currency === 'USD' || account.country === 'US';
  return {
    selected: selected?.kind ?? null,
    automatic: selected?.kind === 'card',
    card: card ? { label: cardLabel(card.card_brand, card.card_last4) ?? '••••', expMonth: card.card_exp_month, expYear: card.card_exp_year } : null,
    debit: debit?.debit_scheme && debit.bank_last4 ? { scheme: debit.debit_scheme, last4: debit.bank_last4, holder: debit.account_holder_name ?? '' } : null,
    debitScheme: debitSchemeFor(account.currency),
    wire: { beneficiary: usEntity ? env.SELLER_US_ENTITY_NAME : env.SELLER_NAME, bank: env.SELLER_BANK_NAME, account: env.SELLER_BANK_ACCOUNT, swift: env.SELLER_BANK_SWIFT },
    check: { payee: usEntity ? env.SELLER_US_ENTITY_NAME : env.SELLER_NAME, address: env.SELLER_CHECK_ADDRESS },
    reference: paymentReference(account.id),
  };
}

/** A SetupIntent for Stripe Elements to save a new card to the account's Stripe customer (as the Billing Center's card form does). */
export async function setupPortalCard(deps: Pick<Deps, 'db' | 'payments'>, accountId: string) {
  const customerId = await ensureStripeCustomer(deps, accountId);
  return deps.payments.createSetupIntent({ customerId, accountId });
}

const describe = (r: { kind: PaymentMethodKind; card_last4?: string | null; bank_last4?: string | null } | null | undefined): JsonObject | null =>
  r ? { kind: r.kind, last4: r.card_last4 ?? r.bank_last4 ?? null } : null;

async function selectRow(trx: Trx, accountId: string, id: string) {
  await trx.updateTable('payment_methods').set({ is_default: false }).where('account_id', '=', accountId).where('is_default', '=', true).where('id', '<>', id).execute();
  await trx.updateTable('payment_methods').set({ is_default: true }).where('id', '=', id).execute();
}

/**
 * CP-7 → Salva. Card: a new card confirmed by Stripe Elements (checked to belong to the account's
 * customer and saved), or the saved card kept; wire transfer and check: instructions only; direct
 * debit: the bank account is tokenised by Stripe (SEPA for EUR accounts, ACH for USD) and only the
 * payment method ID, the last four characters, the bank code and the holder are kept. The chosen
 * method becomes the account's default; the change is audited.
 */
export async function savePaymentMethod(deps: Deps, portalUser: PortalUser, input: z.output<typeof paymentMethodForm>, clientIp: string | null): Promise<PaymentMethodView> {
  const { db, payments } = deps;
  const accountId = portalUser.accountId;
  const account = await db.selectFrom('accounts').select(['currency']).where('id', '=', accountId).executeTakeFirstOrThrow();

  // Stripe calls first (they cannot be part of our transaction); our rows change in one transaction after.
  let card: Awaited<ReturnType<typeof acceptCard>> | null = null;
  let debit: { id: string; last4: string; bankCode: string | null; scheme: 'sepa_debit' | 'ach'; holder: string } | null = null;
  if (input.kind === 'card' && input.paymentMethodId) {
    try {
      card = await acceptCard({ db, payments }, accountId, input.paymentMethodId);
    } catch (err) {
      if (err instanceof AppError && err.kind === 'FORBIDDEN') throw userError('BAD_REQUEST', 'portal.err.cardOtherCustomer', undefined, { field: 'card' });
      if (err instanceof AppError && err.details?.code !== undefined) throw userError('BAD_REQUEST', 'portal.err.cardDeclined', { message: err.message.replace(/ Nothing was charged.*$/, '') }, { field: 'card' });
      if (err instanceof AppError) throw userError('BAD_REQUEST', 'portal.err.cardNotFound', undefined, { field: 'card' });
      throw err;
    }
  }
  if (input.kind === 'direct_debit') {
    if (debitSchemeFor(account.currency) !== input.scheme) throw userError('BAD_REQUEST', 'portal.err.debitCurrency', undefined, { field: 'scheme' });
    const customerId = await ensureStripeCustomer({ db, payments }, accountId);
    try {
      const bank = input.scheme === 'sepa_debit' ? { scheme: 'sepa_debit' as const, iban: input.iban } : { scheme: 'ach' as const, routingNumber: input.routingNumber, accountNumber: input.accountNumber };
      const pm = await payments.createBankDebit({ customerId, holder: input.holder, email: portalUser.email, bank });
      debit = { ...pm, scheme: input.scheme, holder: input.holder };
    } catch (err) {
      if (err instanceof UnsupportedPaymentMethodError) throw userError('BAD_REQUEST', 'portal.err.debitUnavailable', { currency: account.currency }, { field: 'scheme' });
      throw err;
    }
  }

  await db.transaction().execute(async (trx) => {
    await trx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().executeTakeFirstOrThrow();
    const before = await trx.selectFrom('payment_methods').select(['kind', 'card_last4', 'bank_last4']).where('account_id', '=', accountId).where('is_default', '=', true).executeTakeFirst();
    if (input.kind === 'card') {
      if (card) await saveCard(trx, accountId, card);
      else {
        const saved = await trx.selectFrom('payment_methods').select('id').where('account_id', '=', accountId).where('kind', '=', 'card').orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
        if (!saved) throw userError('BAD_REQUEST', 'portal.err.cardMissing', undefined, { field: 'card' });
        await selectRow(trx, accountId, saved.id);
      }
    } else if (input.kind === 'direct_debit' && debit) {
      const id = newId('pm');
      await trx.updateTable('payment_methods').set({ is_default: false }).where('account_id', '=', accountId).where('is_default', '=', true).execute();
      await trx
        .insertInto('payment_methods')
        .values({ id, account_id: accountId, kind: 'direct_debit', stripe_payment_method_id: debit.id, debit_scheme: debit.scheme, bank_last4: debit.last4, bank_code: debit.bankCode, account_holder_name: debit.holder, is_default: true })
        .execute();
    } else {
      // Wire transfer and check carry no details of the customer's: one row per kind, reused.
      const existing = await trx.selectFrom('payment_methods').select('id').where('account_id', '=', accountId).where('kind', '=', input.kind).executeTakeFirst();
      const id = existing?.id ?? newId('pm');
      if (!existing) {
        await trx.updateTable('payment_methods').set({ is_default: false }).where('account_id', '=', accountId).where('is_default', '=', true).execute();
        await trx.insertInto('payment_methods').values({ id, account_id: accountId, kind: input.kind, is_default: true }).execute();
      } else await selectRow(trx, accountId, id);
    }
    const after = await trx.selectFrom('payment_methods').select(['kind', 'card_last4', 'bank_last4']).where('account_id', '=', accountId).where('is_default', '=', true).executeTakeFirst();
    await audit(trx, {
      actor: { realm: 'portal', id: portalUser.credentialId },
      accountId,
      action: 'portal.payment_method_changed',
      data: { before: describe(before), after: describe(after), ...(input.kind === 'direct_debit' ? { mandate: { acceptedAt: new Date().toISOString(), ip: clientIp } } : {}) },
    });
  });
  return getPaymentMethod(deps, accountId);
}
