import type { Db, Trx } from '../../db/client';
import { newId } from '../../db/ids';
import type { PortalUser } from '../auth/principals';
import { userError } from '../errors';
import { assertCanAddSeats, automaticPaymentMethod } from './add-seats';
import { audit } from './audit';
import { loadQuote } from './quotes/view';

// CP-10 / CP-4 Accetta: the service order of an open quote. "Completa il pagamento" opens its review
// (Contatto per amministratori, Metodo di pagamento, Indirizzo di fatturazione); "Salva e procedi
// all'ordine del servizio" saves it as a draft; "Dettagli ordine di servizio" shows it; "Effettua
// ordine di servizio" places it (the quote is accepted then) and WF-3 fulfils it.

export interface AdminContactInput {
  /** An existing user of the account to make (or keep) an admin, or null for a new admin. */
  userId: string | null;
  name: string;
  email: string;
}

export interface BillingAddressInput {
  street: string;
  city: string;
  postcode: string;
  region: string | null;
}

/** The open quote of the contact's account, locked; NOT_FOUND for another account's, CONFLICT when no longer open. */
async function lockOpenQuote(trx: Trx, user: PortalUser, quoteId: string, at: Date) {
  const q = await trx.selectFrom('quotes').select(['id', 'account_id', 'status', 'expires_at']).where('id', '=', quoteId).forUpdate().executeTakeFirst();
  if (!q || q.account_id !== user.accountId || q.status === 'draft') throw userError('NOT_FOUND', 'errors.quote.notFound');
  if (q.status !== 'pending') throw userError('CONFLICT', 'errors.quote.notOpen');
  if (q.expires_at.getTime() <= at.getTime()) throw userError('CONFLICT', 'errors.quote.expired');
  return q;
}

/** Completa il pagamento: what the review shows — the quote, the account's users who can be the admin, its card and address, and a draft already saved. */
export async function serviceOrderCheckout(deps: { db: Db; now: () => Date }, user: PortalUser, quoteId: string) {
  const quote = await loadQuote(deps.db, quoteId);
  if (!quote || quote.accountId !== user.accountId || quote.status === 'draft') throw userError('NOT_FOUND', 'errors.quote.notFound');
  await assertCanAddSeats(deps.db, user.accountId);
  const users = await deps.db.selectFrom('users').select(['id', 'name', 'email', 'role']).where('account_id', '=', user.accountId).where('disabled_at', 'is', null).orderBy('name').execute();
  const account = await deps.db.selectFrom('accounts').select(['billing_street', 'billing_city', 'billing_postcode', 'billing_region', 'country']).where('id', '=', user.accountId).executeTakeFirstOrThrow();
  const draft = await deps.db.selectFrom('service_orders').selectAll().where('quote_id', '=', quoteId).executeTakeFirst();
  const card = await automaticPaymentMethod(deps.db, user.accountId);
  return {
    quote,
    admins: users.map((u) => ({ id: u.id, name: u.name, email: u.email, isAdmin: u.role === 'account_admin' })),
    card: card && { brand: card.card_brand, last4: card.card_last4, expMonth: card.card_exp_month, expYear: card.card_exp_year },
    billingAddress: { street: account.billing_street, city: account.billing_city, postcode: account.billing_postcode, region: account.billing_region, country: account.country },
    serviceOrder: draft ? { id: draft.id, status: draft.status, adminUserId: draft.admin_user_id, adminName: draft.admin_contact_name, adminEmail: draft.admin_contact_email } : null,
  };
}

/**
 * Salva e procedi all'ordine del servizio: the review saved as the quote's draft service order (one
 * per quote) — the admin contact to create or update, the card it will charge, the billing address
 * (written to the account, as Bill To → Edit would: not the country). Nothing is charged or provisioned yet.
 */
export async function saveServiceOrderDraft(deps: { db: Db; now: () => Date }, user: PortalUser, input: { quoteId: string; admin: AdminContactInput; billingAddress: BillingAddressInput }) {
  const now = deps.now();
  const email = input.admin.email.trim().toLowerCase();
  return deps.db.transaction().execute(async (trx) => {
    await lockOpenQuote(trx, user, input.quoteId, now);
    await assertCanAddSeats(trx, user.accountId);
    const card = (await automaticPaymentMethod(trx, user.accountId))!;
    let adminUserId: string | null = null;
    const sameEmail = await trx.selectFrom('users').select(['id', 'account_id']).where('email', '=', email).executeTakeFirst();
    if (input.admin.userId) {
      const existing = await trx.selectFrom('users').select(['id', 'email']).where('id', '=', input.admin.userId).where('account_id', '=', user.accountId).executeTakeFirst();
      if (!existing) throw userError('BAD_REQUEST', 'errors.addSeats.adminNotFound');
      if (sameEmail && sameEmail.id !== existing.id) throw userError('CONFLICT', 'errors.addSeats.adminEmailTaken');
      adminUserId = existing.id;
    } else if (sameEmail) {
      // The email of a person of this account: that person is updated, not created twice.
      if (sameEmail.account_id !== user.accountId) throw userError('CONFLICT', 'errors.addSeats.adminEmailTaken');
      adminUserId = sameEmail.id;
    }
    const values = {
      admin_action: adminUserId ? ('update' as const) : ('create' as const),
      admin_user_id: adminUserId,
      admin_contact_name: input.admin.name.trim(),
      admin_contact_email: email,
      payment_method_id: card.id,
      billing_address: { street: input.billingAddress.street, city: input.billingAddress.city, postcode: input.billingAddress.postcode, region: input.billingAddress.region },
    };
    const existing = await trx.selectFrom('service_orders').select(['id', 'status']).where('quote_id', '=', input.quoteId).forUpdate().executeTakeFirst();
    let id: string;
    if (existing) {
      if (existing.status !== 'draft') throw userError('CONFLICT', 'errors.serviceOrder.alreadyPlaced');
      id = existing.id;
      await trx.updateTable('service_orders').set(values).where('id', '=', id).execute();
    } else {
      id = newId('so');
      await trx.insertInto('service_orders').values({ id, account_id: user.accountId, quote_id: input.quoteId, status: 'draft', ...values }).execute();
    }
    await trx
      .updateTable('accounts')
      .set({ billing_street: input.billingAddress.street, billing_city: input.billingAddress.city, billing_postcode: input.billingAddress.postcode, billing_region: input.billingAddress.region })
      .where('id', '=', user.accountId)
      .execute();
    await audit(trx, { actor: { realm: 'portal', id: user.credentialId }, accountId: user.accountId, action: 'service_order.saved', subjectId: id, data: { quoteId: input.quoteId, admin: values.admin_action } });
    return { serviceOrderId: id };
  });
}

/** Dettagli ordine di servizio, and its progress once placed: the steps as the workflow wrote them. */
export async function getServiceOrder(db: Db, user: PortalUser, serviceOrderId: string) {
  const so = await db.selectFrom('service_orders').selectAll().where('id', '=', serviceOrderId).executeTakeFirst();
  if (!so || so.account_id !== user.accountId) throw userError('NOT_FOUND', 'errors.serviceOrder.notFound');
  const quote = (await loadQuote(db, so.quote_id))!;
  const card = so.payment_method_id
    ? await db.selectFrom('payment_methods').select(['card_brand', 'card_last4']).where('id', '=', so.payment_method_id).executeTakeFirst()
    : undefined;
  const provisions = await db
    .selectFrom('service_order_provisions as p')
    .innerJoin('products as pr', 'pr.id', 'p.product_id')
    .select(['p.product_id', 'pr.name as product_name', 'p.seats', 'p.status', 'p.attempts', 'p.applied_at', 'p.rolled_back_at'])
    .where('p.service_order_id', '=', so.id)
    .orderBy('pr.sort')
    .execute();
  const invoice = so.invoice_id ? await db.selectFrom('invoices').select(['id', 'number', 'due_at', 'purchase_order_number']).where('id', '=', so.invoice_id).executeTakeFirst() : undefined;
  const receipt = await db.selectFrom('email_outbox').select(['sent_at']).where('idempotency_key', '=', `service-order-${so.id}:receipt`).executeTakeFirst();
  return {
    id: so.id,
    status: so.status,
    quote,
    admin: so.admin_action ? { action: so.admin_action, name: so.admin_contact_name!, email: so.admin_contact_email! } : null,
    card: card ? { brand: card.card_brand, last4: card.card_last4 } : null,
    billingAddress: so.billing_address,
    placedAt: so.placed_at,
    slaDueAt: so.sla_due_at,
    slaBreachedAt: so.sla_breached_at,
    paymentDueAt: so.payment_due_at,
    paidAt: so.paid_at,
    provisionedAt: so.provisioned_at,
    completedAt: so.completed_at,
    compensatedAt: so.compensated_at,
    failureReason: so.failure_reason,
    provisions: provisions.map((p) => ({ productId: p.product_id, productName: p.product_name, seats: p.seats, status: p.status, attempts: p.attempts, appliedAt: p.applied_at, rolledBackAt: p.rolled_back_at })),
    invoice: invoice ? { id: invoice.id, number: invoice.number, dueAt: invoice.due_at, purchaseOrderNumber: invoice.purchase_order_number } : null,
    receiptSent: Boolean(receipt?.sent_at),
  };
}
