import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../db/seed/demo';
import { callerFor } from '../helpers/callers';
import { CARDS, createCard } from '../helpers/stripe';
import { useSeededStack } from '../helpers/seeded-stack';
import { workflowIds } from '../../workflows/shared';

const S = DEMO_IDS.subscriptions;
const key = () => randomUUID().replace(/-/g, '');

/**
 * Issue 13: one i18n system — every class of refusal reaches an Italian caller in Italian (the seeds'
 * words), the same refusal an English caller in English; stored failures are rendered per reader.
 */
describe('i18n: refusals in the caller\'s language (BC-3, BC-4, BC-6, SPEC §1)', () => {
  const stack = useSeededStack();
  const as = (productEmail: string, locale: 'en' | 'it') => callerFor(stack.deps(), { productEmail }, locale);

  it('BC-4 seed 002: seats below the seats assigned, in Italian and in English, with ICU plurals', async () => {
    const target = { subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 2, frequency: 'monthly' } as const;
    await expect((await as('bella@northwind.example', 'it')).subscriptionChange.preview(target)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: '3 postazioni di Meeting sono assegnate a utenti. Rimuovi prima 1 postazione, poi riduci a 2.',
    });
    await expect((await as('bella@northwind.example', 'en')).subscriptionChange.preview({ ...target, seats: 1 })).rejects.toMatchObject({
      message: '3 seats of Meeting are assigned to users. Unassign 2 seats first, then reduce to 1.',
    });
  });

  it('BC-4: the downgrade refusal and a conflict (a trial cannot be modified) in Italian', async () => {
    await expect((await as('bella@northwind.example', 'it')).subscriptionChange.preview({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_starter', seats: 5, frequency: 'monthly' }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST', message: "Il downgrade della sottoscrizione a un piano inferiore non si può eseguire online: contatta l'Assistenza clienti." });
    await expect((await as('giulia@bottega-rossi.example', 'it')).subscriptionChange.form({ subscriptionId: S.bottegaMeeting })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Solo una sottoscrizione attiva può essere modificata. Abbonati prima per scegliere un piano.',
    });
    await expect((await as('bella@northwind.example', 'it')).checkout.orderForm({ subscriptionId: S.northwindMeeting })).rejects.toMatchObject({ code: 'CONFLICT', message: 'Hai già una sottoscrizione a Meeting.' });
  });

  it('SPEC §1: the procedure tiers and the input schemas refuse in Italian', async () => {
    await expect((await as('marco@bottega-rossi.example', 'it')).subscriptions.list()).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'Solo il contatto di fatturazione del tuo account può eseguire questa operazione.' });
    await expect((await callerFor(stack.deps(), 'anonymous', 'it')).subscriptions.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Accedi per continuare.' });
    const bella = await as('bella@northwind.example', 'it');
    await expect(bella.subscriptionChange.preview({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 0, frequency: 'monthly' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Scegli almeno una postazione.' });
    await expect(bella.orders.get({ orderId: 'nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Ordine sconosciuto.' });
    await expect(bella.orders.get({ orderId: `ord_${'0'.repeat(20)}` })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Ordine non trovato.' });
  });

  it('BC-3 WF-1: "the free trial has ended" at checkout (the trial\'s workflow has ended) reaches the Italian caller in Italian; the cancelled order tells each reader in their language', async () => {
    const giulia = await as('giulia@bottega-rossi.example', 'it');
    // A trial of this file's own (seeded trials' workflow IDs are shared with the app's database in the one
    // Temporal server), whose workflow has ended while the database still says "trial".
    const { subscriptionId } = await giulia.subscriptions.startTrial({ productId: 'prd_webinar' });
    for (let i = 0; i < 200 && (await giulia.subscriptions.status({ subscriptionId })).status !== 'trial'; i++) await new Promise((r) => setTimeout(r, 100));
    await stack.worker.client.workflow.getHandle(workflowIds.trial(subscriptionId)).terminate('test: the trial workflow has ended');
    const { cartId } = await giulia.cart.add({ subscriptionId, tierId: 'tier_webinar_starter', seats: 2, frequency: 'monthly' });
    const refused = await giulia.checkout.placeOrder({ cartId, expectedTotal: (await giulia.cart.get()).quote!.total, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'CONFLICT', message: 'La prova gratuita è terminata, quindi non può più essere convertita. Non è stato addebitato nulla.' });
    const order = await stack.db.selectFrom('orders').select(['id', 'status', 'failure_key', 'failure_reason']).where('cart_id', '=', cartId).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ status: 'cancelled', failure_key: 'errors.workflow.trialEnded', failure_reason: 'The free trial has ended, so it can no longer be converted. Nothing was charged.' });
    await expect(giulia.orders.get({ orderId: order.id })).resolves.toMatchObject({ failureReason: 'La prova gratuita è terminata, quindi non può più essere convertita. Non è stato addebitato nulla.' });
    await expect((await as('giulia@bottega-rossi.example', 'en')).orders.get({ orderId: order.id })).resolves.toMatchObject({ failureReason: order.failure_reason });
  });
});
