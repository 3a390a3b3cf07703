import { z } from 'zod';
import { accountCreditBalance } from '../../../db/credit';
import { changeForm, placeChange, previewChange, QUOTE_TOKEN_PATTERN } from '../../services/subscription-change';
import { billingAdminProcedure, router } from '../init';
import { translate } from '../../i18n/messages';
import { renderUserMessage } from '../../i18n/user-message';
import type { Locale } from '../../i18n/locale';
import type { ChangePaymentOutcome } from '../../../workflows/shared';
import { ids, serviceDeps } from './billing-deps';
import { seatsInput, vatNumberInput } from './cart';

const target = {
  subscriptionId: ids.subscription(z),
  tierId: ids.tier(z),
  seats: seatsInput,
  frequency: z.enum(['monthly', 'annual']),
};

/** The payment's outcome as Place order tells it: a failure in the caller's language ("…not been changed"). */
function paymentForCaller(locale: Locale, p: ChangePaymentOutcome | null) {
  if (p?.status !== 'failed') return p;
  return { status: p.status, message: `${renderUserMessage(locale, p.failure)} ${translate(locale, 'errors.change.subscriptionUnchanged')}` };
}

export const subscriptionChangeRouter = router({
  /** BC-4 "Modify subscription": the product's tiers and prices, the current choice, assigned seats, credit. */
  form: billingAdminProcedure.input(z.object({ subscriptionId: ids.subscription(z) }).strict()).query(({ ctx, input }) =>
    changeForm(ctx.db, { accountId: ctx.user.accountId, subscriptionId: input.subscriptionId, at: ctx.now() }),
  ),
  /** BC-4 order summary: billing period from today, plan cost, credit for unused time, balance, tax, total due. */
  preview: billingAdminProcedure.input(z.object({ ...target, vatNumber: vatNumberInput }).strict()).query(({ ctx, input }) => {
    const { subscriptionId, vatNumber, ...t } = input;
    return previewChange(serviceDeps(ctx), { accountId: ctx.user.accountId, subscriptionId, target: t, vatNumber });
  }),
  /** BC-4 / WF-2 Place order: exactly the previewed figures, or a CONFLICT carrying the new ones. */
  place: billingAdminProcedure
    .input(
      z
        .object({
          ...target,
          quoteToken: z.string().max(80).regex(QUOTE_TOKEN_PATTERN, 'errors.input.reload'),
          idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'errors.input.reload'),
          paymentMethodId: z.string().regex(/^pm_[A-Za-z0-9_]+$/, 'errors.card.required').nullable(),
          vatNumber: vatNumberInput,
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      const { subscriptionId, tierId, seats, frequency, ...rest } = input;
      const placed = await placeChange(serviceDeps(ctx), { accountId: ctx.user.accountId, userId: ctx.user.id, subscriptionId, target: { tierId, seats, frequency }, ...rest });
      return { ...placed, payment: paymentForCaller(ctx.locale ?? 'en', placed.payment) };
    }),
  /** BC-4: the account's credit balance, shown on the Subscriptions page. */
  creditBalance: billingAdminProcedure.input(z.object({}).strict().optional()).query(({ ctx }) => accountCreditBalance(ctx.db, ctx.user.accountId)),
});
