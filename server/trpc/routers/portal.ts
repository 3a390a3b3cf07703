import { z } from 'zod';
import { changePasswordForm } from '../../auth/forms';
import { getMailer } from '../../deps';
import { env } from '../../env';
import { userError } from '../../errors';
import { billToFields, paymentMethodForm, purchaseOrderForm, recipientForm } from '../../portal/forms';
import { getInvoiceDocument } from '../../services/invoices';
import { getBillTo, updateBillTo } from '../../services/portal/bill-to';
import { listPortalInvoices, PORTAL_INVOICE_LIMIT } from '../../services/portal/invoices';
import { changePortalPassword } from '../../services/portal/password';
import { getPaymentMethod, savePaymentMethod, setupPortalCard } from '../../services/portal/payment-method';
import { listPurchaseOrders, PO_EXPIRY_WARNING_DAYS, purchaseOrderChanged, removePurchaseOrder, savePurchaseOrder } from '../../services/portal/purchase-orders';
import { addRecipient, listRecipients, removeRecipient } from '../../services/portal/recipients';
import { listCorporateSubscriptions } from '../../services/portal/subscriptions';
import { invoicePaymentProgress, invoicePaymentView, payInvoice } from '../../services/portal/invoice-payment';
import { paymentActionDone } from '../../services/orders';
import { orderSettled, readWhenChanged } from '../../services/order-changes';
import { renderUserMessage } from '../../i18n/user-message';
import { portalProcedure, router } from '../init';
import { addSeatsRouter } from './add-seats';
import { portalQuotesRouter } from './portal-quotes';
import { ids, serviceDeps } from './billing-deps';
import { portalRequestsRouter } from './portal-requests';

/**
 * Corporate Billing Portal (004) — the current billing contact of a corporate account, signed in with
 * the portal user ID. Every procedure reads and writes only `ctx.portalUser.accountId`: an ID of another
 * account's row is NOT_FOUND, like one that does not exist.
 */
const noInput = z.object({}).strict().optional();
const invoiceId = z.string().regex(/^inv_[0-9A-Z]{20}$|^inv_[a-z0-9_]+$/, 'portal.err.invoiceNotFound');
const rowId = (prefix: string, key: string) => z.string().regex(new RegExp(`^${prefix}_[0-9A-Za-z_]{1,40}$`), key);

const billToRouter = router({
  /** "Fatturare a" (Bill To) with the portal user ID, which never changes here. */
  get: portalProcedure.input(noInput).query(async ({ ctx }) => ({ ...(await getBillTo(ctx.db, ctx.portalUser.accountId)), userId: ctx.portalUser.loginId })),
  /** CP-3 Modifica → Salva. A country in the input is refused with its own message (004: "escluso il paese"). */
  update: portalProcedure
    .input(billToFields.extend({ country: z.string().max(60).optional() }).strict())
    .mutation(({ ctx, input }) =>
      updateBillTo({ db: ctx.db, mailer: ctx.mailer ?? getMailer(), appUrl: env().APP_URL }, ctx.portalUser, {
        ...input,
        // The raw strings go to the service, which checks them again with the account's country.
        region: input.region ?? '',
        phone: input.phone ?? '',
      }),
    ),
});

/** CP-6: an amount in minor units, as the pay form sends it (a string: JSON has no bigint). */
const minorUnits = z.string().regex(/^[1-9][0-9]{0,14}$/, 'errors.invoicePayment.amount').transform((v) => BigInt(v));

const invoicePaymentRouter = router({
  /** CP-6 the pay page: figures, what a card may pay now, the saved card. */
  get: portalProcedure.input(z.object({ invoiceId }).strict()).query(({ ctx, input }) => invoicePaymentView(ctx, ctx.portalUser.accountId, input.invoiceId)),
  /** CP-6 Paga: an invoice payment order, processed by WF-5; answers with the payment's outcome. */
  pay: portalProcedure
    .input(
      z.object({
        invoiceId,
        amount: minorUnits,
        /** A new card confirmed by Stripe Elements; absent: the saved card. */
        paymentMethodId: z.string().regex(/^pm_[A-Za-z0-9_]{1,64}$/, 'errors.card.notFound').nullish(),
        idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'errors.input.reload'),
      }).strict(),
    )
    .mutation(async ({ ctx, input }) => {
      const locale = ctx.locale ?? 'en';
      const paid = await payInvoice(serviceDeps(ctx), ctx.portalUser, { ...input, paymentMethodId: input.paymentMethodId ?? null, locale });
      const p = paid.payment;
      return { ...paid, payment: p?.status === 'failed' ? { status: p.status, message: renderUserMessage(locale, p.failure) } : p };
    }),
  /** The pay page follows WF-5 with this; with `after` (the version it shows) it answers when the payment's progress changed. */
  progress: portalProcedure.input(z.object({ orderId: ids.order(z), after: ids.viewVersion(z).optional() }).strict()).query(({ ctx, input, signal }) =>
    readWhenChanged(ctx.orderChanges, input.orderId, () => invoicePaymentProgress(ctx, ctx.portalUser.accountId, input.orderId, ctx.locale ?? 'en'), orderSettled, { after: input.after, signal }),
  ),
  /** Stripe.js finished 3-D Secure in the page: tell the workflow (the webhook does too). */
  actionDone: portalProcedure.input(z.object({ orderId: ids.order(z) }).strict()).mutation(({ ctx, input }) => paymentActionDone(ctx, ctx.portalUser.accountId, input.orderId)),
});

const invoicesRouter = router({
  /** CP-6: pay (part of) an invoice by card. */
  payment: invoicePaymentRouter,
  /** CP-5 Cronologia fatture: the last 20, newest first. */
  list: portalProcedure.input(noInput).query(async ({ ctx }) => ({ limit: PORTAL_INVOICE_LIMIT, invoices: await listPortalInvoices(ctx.db, ctx.portalUser.accountId, ctx.now()) })),
  /** One invoice as printed (the printable page and the PDF are rendered from exactly this). */
  get: portalProcedure.input(z.object({ invoiceId }).strict()).query(async ({ ctx, input }) => {
    try {
      return await getInvoiceDocument(ctx.db, ctx.portalUser.accountId, input.invoiceId);
    } catch {
      throw userError('NOT_FOUND', 'portal.err.invoiceNotFound');
    }
  }),
});

const recipientsRouter = router({
  list: portalProcedure.input(noInput).query(async ({ ctx }) => ({ contactEmail: ctx.portalUser.email, recipients: await listRecipients(ctx.db, ctx.portalUser.accountId) })),
  add: portalProcedure.input(recipientForm).mutation(({ ctx, input }) => addRecipient(ctx.db, ctx.portalUser, input)),
  remove: portalProcedure.input(z.object({ id: rowId('irc', 'portal.err.recipientNotFound') }).strict()).mutation(({ ctx, input }) => removeRecipient(ctx.db, ctx.portalUser, input.id)),
});

const purchaseOrdersRouter = router({
  list: portalProcedure.input(noInput).query(async ({ ctx }) => ({ warningDays: PO_EXPIRY_WARNING_DAYS, purchaseOrders: await listPurchaseOrders(ctx.db, ctx.portalUser.accountId, ctx.now()) })),
  /** Adds one (no id) or edits one of the account's. */
  save: portalProcedure
    .input(purchaseOrderForm.extend({ id: rowId('po', 'portal.err.poNotFound').optional() }).strict())
    .mutation(async ({ ctx, input }) => {
      const saved = await savePurchaseOrder(ctx.db, ctx.portalUser, input, ctx.now());
      await purchaseOrderChanged(ctx, ctx.portalUser.accountId, saved.id);
      return saved;
    }),
  remove: portalProcedure.input(z.object({ id: rowId('po', 'portal.err.poNotFound') }).strict()).mutation(async ({ ctx, input }) => {
    const removed = await removePurchaseOrder(ctx.db, ctx.portalUser, input.id);
    await purchaseOrderChanged(ctx, ctx.portalUser.accountId, input.id);
    return removed;
  }),
});

const paymentMethodRouter = router({
  get: portalProcedure.input(noInput).query(({ ctx }) => getPaymentMethod({ db: ctx.db, env: env() }, ctx.portalUser.accountId)),
  /** Stripe Elements saves a new card against this SetupIntent (as the Billing Center's card form does). */
  setupCard: portalProcedure.input(noInput).mutation(async ({ ctx }) => {
    const { clientSecret } = await setupPortalCard({ db: ctx.db, payments: ctx.payments }, ctx.portalUser.accountId);
    return { clientSecret };
  }),
  /** CP-7 → Salva. */
  save: portalProcedure.input(paymentMethodForm).mutation(({ ctx, input }) =>
    savePaymentMethod({ db: ctx.db, payments: ctx.payments, env: env() }, ctx.portalUser, input, ctx.clientIp ?? null),
  ),
});

export const portalRouter = router({
  /** CP-13…CP-15: requests to Corporate Account Services. */
  requests: portalRequestsRouter,
  /** CP-4 Preventivi. */
  quotes: portalQuotesRouter,
  /** CP-10 Aggiungi postazioni and the service-order steps (seed 000). */
  addSeats: addSeatsRouter,
  /** Who is signed in, for which account (the portal's header). */
  me: portalProcedure.input(noInput).query(async ({ ctx }) => {
    const a = await ctx.db.selectFrom('accounts').select(['name', 'country', 'currency']).where('id', '=', ctx.portalUser.accountId).executeTakeFirstOrThrow();
    return { userId: ctx.portalUser.loginId, accountName: a.name, name: ctx.portalUser.name, country: a.country, currency: a.currency };
  }),
  /** Sottoscrizioni: the corporate subscriptions with their annual term, seats, price, status and renewal (WF-4). */
  subscriptions: portalProcedure.input(noInput).query(({ ctx }) => {
    const e = env();
    return listCorporateSubscriptions(ctx.db, ctx.portalUser.accountId, ctx.now(), { sellerCountry: e.SELLER_COUNTRY, netTermsDays: e.CORPORATE_NET_TERMS_DAYS, expiryDaysOverdue: e.CORPORATE_EXPIRY_DAYS_OVERDUE });
  }),
  billTo: billToRouter,
  invoices: invoicesRouter,
  recipients: recipientsRouter,
  purchaseOrders: purchaseOrdersRouter,
  paymentMethod: paymentMethodRouter,
  /** The portal password, changed while signed in (current password asked; every session of this user ID ends). */
  changePassword: portalProcedure.input(changePasswordForm).mutation(async ({ ctx, input }) => {
    await changePortalPassword(ctx.db, ctx.portalUser, input, ctx.now());
    return { ok: true as const };
  }),
  /** CP-12: the W-9 of the vendor's US entity is for US accounts; others request forms (CP-13). */
  w9: portalProcedure.input(noInput).query(async ({ ctx }) => {
    const a = await ctx.db.selectFrom('accounts').select('country').where('id', '=', ctx.portalUser.accountId).executeTakeFirstOrThrow();
    const e = env();
    return { available: a.country === 'US', entity: e.SELLER_US_ENTITY_NAME, sample: !e.SELLER_W9_PDF };
  }),
});
