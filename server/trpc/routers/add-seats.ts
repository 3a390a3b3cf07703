import { z } from 'zod';
import { addSeatsForm, createAddSeatsQuote } from '../../services/add-seats';
import { placeServiceOrder, retryServiceOrderPayment, saveServiceOrderDraft, serviceOrderCheckout, serviceOrderPaymentActionDone, watchServiceOrder } from '../../services/service-orders';
import { ids } from './billing-deps';
import { portalProcedure, router } from '../init';
import { productId, quoteId, serviceOrderId, userId } from './quote-inputs';

const text = (max: number) => z.string().trim().min(1).max(max);

/** CP-10 Aggiungi postazioni and the service-order steps that CP-4 Accetta shares (billing contact, Corporate Billing Portal). */
export const addSeatsRouter = router({
  form: portalProcedure.input(z.object({}).strict().optional()).query(({ ctx }) => addSeatsForm(ctx.db, ctx.portalUser)),
  /** Salva carrello e rivedi. */
  createQuote: portalProcedure
    .input(
      z
        .object({
          items: z.array(z.object({ productId, seats: z.number().int().min(0).max(100_000) }).strict()).min(1).max(20),
          supersedeOpenQuotes: z.boolean().default(false),
        })
        .strict(),
    )
    .mutation(({ ctx, input }) => createAddSeatsQuote(ctx, ctx.portalUser, input)),
  /** Completa il pagamento: the review of admin contact, payment method and billing address. */
  checkout: portalProcedure.input(z.object({ quoteId }).strict()).query(({ ctx, input }) => serviceOrderCheckout(ctx, ctx.portalUser, input.quoteId)),
  /** Salva e procedi all'ordine del servizio. */
  saveServiceOrder: portalProcedure
    .input(
      z
        .object({
          quoteId,
          admin: z.object({ userId: userId.nullable(), name: text(200), email: z.email().max(320) }).strict(),
          billingAddress: z.object({ street: text(200), city: text(100), postcode: text(20), region: z.string().trim().max(100).transform((s) => s || null).nullable() }).strict(),
        })
        .strict(),
    )
    .mutation(({ ctx, input }) => saveServiceOrderDraft(ctx, ctx.portalUser, input)),
  /** Dettagli ordine di servizio, then its progress. */
  /** The service order page follows WF-3 with this; with `after` (the version it shows) it answers when the service order changed. */
  serviceOrder: portalProcedure.input(z.object({ serviceOrderId, after: ids.viewVersion(z).optional() }).strict()).query(({ ctx, input, signal }) =>
    watchServiceOrder(ctx, ctx.portalUser, input.serviceOrderId, ctx.locale ?? 'en', { after: input.after, signal }),
  ),
  /** Effettua ordine di servizio: accepts the quote and starts WF-3. */
  placeServiceOrder: portalProcedure.input(z.object({ serviceOrderId }).strict()).mutation(({ ctx, input }) => placeServiceOrder(ctx, ctx.portalUser, input)),
  /** After a decline, with the card updated on the Payment method tab: pay again. */
  retryPayment: portalProcedure.input(z.object({ serviceOrderId }).strict()).mutation(({ ctx, input }) => retryServiceOrderPayment(ctx, ctx.portalUser, input)),
  /** Stripe.js finished 3-D Secure in the page. */
  paymentActionDone: portalProcedure.input(z.object({ serviceOrderId }).strict()).mutation(({ ctx, input }) => serviceOrderPaymentActionDone(ctx, ctx.portalUser, input)),
});
