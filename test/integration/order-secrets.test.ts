import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../db/seed/demo';
import { env } from '../../server/env';
import { deriveKey } from '../../server/secrets';
import type { ChangeQuote } from '../../server/services/change-pricing';
import { quoteToken } from '../../server/services/subscription-change';
import { callerFor } from '../helpers/callers';
import { useSeededStack } from '../helpers/seeded-stack';
import { CARDS, createCard } from '../helpers/stripe';

const S = DEMO_IDS.subscriptions;
const key = () => randomUUID().replace(/-/g, '');

// Issue 14 item 9: quote tokens are signed with a key derived for them, never AUTH_SECRET itself;
// a cart order must say which total the customer reviewed.
describe('BC-4 BC-5 order tokens and totals', () => {
  const stack = useSeededStack();

  it('BC-4: a quote token is signed with the derived quote-token key; one signed with AUTH_SECRET itself is refused', async () => {
    const bella = await callerFor(stack.deps(), { productEmail: 'bella@northwind.example' });
    const target = { subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 5, frequency: 'monthly' as const };
    const { quote, quoteToken: token } = await bella.subscriptionChange.preview(target);
    expect(token).toBe(quoteToken(deriveKey('quote-token'), quote as ChangeQuote));
    const withAuthSecret = quoteToken(env().AUTH_SECRET, quote as ChangeQuote);
    expect(withAuthSecret).not.toBe(token);
    await expect(bella.subscriptionChange.place({ ...target, quoteToken: withAuthSecret, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) }))
      .rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await stack.db.selectFrom('orders').select('id').where('account_id', '=', DEMO_IDS.accounts.northwind).where('kind', '=', 'change').execute()).toEqual([]);
  });

  it('BC-5: placing a cart order without the total the customer reviewed is refused, and nothing is ordered', async () => {
    const giulia = await callerFor(stack.deps(), { productEmail: 'giulia@bottega-rossi.example' });
    const { cartId } = await giulia.cart.add({ subscriptionId: S.bottegaMeeting, tierId: 'tier_meeting_business', seats: 1, frequency: 'monthly' });
    await expect(giulia.checkout.placeOrder({ cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) } as never))
      .rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Reload the page and try again.' });
    expect(await stack.db.selectFrom('orders').select('id').where('cart_id', '=', cartId).execute()).toEqual([]);
  });
});
