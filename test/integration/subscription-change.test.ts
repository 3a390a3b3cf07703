import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { catalogUnitAmount } from '../../db/seed/catalog';
import { DEMO_IDS } from '../../db/seed/demo';
import { newId } from '../../db/ids';
import { addPeriod } from '../../server/billing';
import { workflowIds } from '../../workflows/shared';
import { callerFor } from '../helpers/callers';
import { settledEmailsTo, waitForEmail } from '../helpers/maildev';
import { CARDS, createCard, paymentIntent } from '../helpers/stripe';
import { credit } from '../helpers/proration';
import { waitForOrder } from '../helpers/orders';
import { useSeededStack } from '../helpers/seeded-stack';
import { searchAttributesAt } from '../helpers/temporal';

const BELLA = { productEmail: 'bella@northwind.example' };
const S = DEMO_IDS.subscriptions;
const key = () => randomUUID().replace(/-/g, '');
describe('BC-4 / WF-2 modify a subscription with proration through tRPC, Temporal, Stripe and SMTP', () => {
  const stack = useSeededStack();
  const deps = () => stack.deps();
  const bella = () => callerFor(deps(), BELLA);

  const sub = (id: string) => stack.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const balance = async () => (await (await bella()).subscriptionChange.creditBalance()).amount;

  it('BC-4 WF-2 seed 002: Modify subscription → Edit tier and seats → order summary → Place order → charged exactly the preview, changed now, billing date moved, invoice, email', async () => {
    const caller = await bella();
    const before = await sub(S.northwindMeeting);
    const form = await caller.subscriptionChange.form({ subscriptionId: S.northwindMeeting });
    expect(form).toMatchObject({ productName: 'Meeting', currency: 'USD', assignedSeats: 3, current: { tierId: 'tier_meeting_business', seats: 5, frequency: 'monthly' }, changeInProgress: null });
    expect(form.tiers.find((x) => x.id === 'tier_meeting_starter')?.lower).toBe(true);

    const { quote, quoteToken } = await caller.subscriptionChange.preview({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 6, frequency: 'monthly' });
    const N = 6n * catalogUnitAmount('meeting', 'enterprise', 'monthly', 'USD');
    const C = credit(before.last_charge_amount!, before.current_period_start!, before.current_period_end!, quote.at);
    expect(quote).toMatchObject({ tierChange: 'upgrade', planCost: N, unusedCredit: C, creditApplied: 0n, tax: 0n, netDue: N - C, total: N - C, creditBalanceAfter: 0n });
    expect(quote.periodStart).toEqual(quote.at);
    expect(quote.periodEnd).toEqual(addPeriod(quote.at, 'monthly'));

    const placed = await caller.subscriptionChange.place({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 6, frequency: 'monthly', quoteToken, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) });
    expect(placed.payment).toEqual({ status: 'succeeded' });
    const order = await waitForOrder(await bella(), placed.orderId);
    expect(order.status).toBe('completed');
    expect(order.total).toBe(quote.total);
    const pays = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', placed.orderId).execute();
    expect(pays).toHaveLength(1);
    expect(pays[0]!.amount).toBe(quote.total);
    expect(await paymentIntent(pays[0]!.stripe_payment_intent_id!)).toMatchObject({ status: 'succeeded', amount: Number(quote.total) });

    const after = await sub(S.northwindMeeting);
    expect(after).toMatchObject({ tier_id: 'tier_meeting_enterprise', seats: 6, frequency: 'monthly', last_charge_amount: N, version: before.version + 1 });
    expect(after.current_period_start).toEqual(quote.at);
    expect(after.current_period_end).toEqual(quote.periodEnd);
    const inv = await stack.db.selectFrom('invoices').selectAll().where('order_id', '=', placed.orderId).executeTakeFirstOrThrow();
    expect(inv).toMatchObject({ total: quote.total, amount_paid: quote.total, status: 'paid' });
    const lines = await stack.db.selectFrom('invoice_lines').select(['amount']).where('invoice_id', '=', inv.id).orderBy('sort').execute();
    expect(lines.map((l) => l.amount)).toEqual([N, -C]);
    const mail = await waitForEmail('bella@northwind.example', new RegExp(placed.orderId));
    expect(mail.text).toContain('Meeting');
    expect(mail.text).toContain(inv.number);
    // The workflow is findable in the Temporal UI under its business ID, with search attributes.
    const desc = await stack.worker.client.workflow.getHandle(workflowIds.subscriptionChange(placed.orderId)).describe();
    expect(desc.type).toBe('subscriptionChangeWorkflow');
    expect(desc.typedSearchAttributes.get({ name: 'SeatplanOrderId', type: 'KEYWORD' } as never)).toBe(placed.orderId);
    // SPEC §7: account, order, product (and subscription), and the status as it ended.
    expect(await searchAttributesAt(stack.worker.client, workflowIds.subscriptionChange(placed.orderId), 'completed')).toEqual({ accountId: 'acct_northwind', orderId: placed.orderId, subscriptionId: S.northwindMeeting, productId: 'prd_meeting', status: 'completed' });
    // Once finished, the subscription is free for the next change.
    expect((await caller.subscriptionChange.form({ subscriptionId: S.northwindMeeting })).changeInProgress).toBeNull();
  });

  it('BC-4: a downgrade to a lower tier is refused by the API with a message to contact Customer Care, and nothing is written', async () => {
    const caller = await bella();
    const orders = await stack.db.selectFrom('orders').select('id').execute();
    await expect(caller.subscriptionChange.preview({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_starter', seats: 6, frequency: 'monthly' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/contact Customer Care/),
    });
    expect(await stack.db.selectFrom('orders').select('id').execute()).toHaveLength(orders.length);
  });

  it('BC-4: the downgrade refusal reaches an Italian caller in Italian (seed 002: contattare l\'Assistenza clienti)', async () => {
    const caller = await callerFor(deps(), BELLA, 'it');
    await expect(caller.subscriptionChange.preview({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_starter', seats: 6, frequency: 'monthly' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/piano inferiore.*Assistenza clienti/),
    });
  });

  it('BC-4: seats cannot be reduced below the seats assigned; the message says how many to unassign first', async () => {
    const caller = await bella();
    const err = await caller.subscriptionChange.preview({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 2, frequency: 'monthly' }).catch((e: TRPCError) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe('BAD_REQUEST');
    expect((err as TRPCError).message).toMatch(/3 seats of Meeting are assigned to users\. Unassign 1 seat first/);
  });

  it('BC-4 WF-2: a net-negative change charges nothing, adds the difference to the credit balance, issues a credit note, and the next charge consumes the balance', async () => {
    const caller = await bella();
    const before = await sub(S.northwindWebinar);
    const balance0 = await balance();
    const { quote, quoteToken } = await caller.subscriptionChange.preview({ subscriptionId: S.northwindWebinar, tierId: 'tier_webinar_starter', seats: 1, frequency: 'annual' });
    const N = catalogUnitAmount('webinar', 'starter', 'annual', 'USD');
    const C = credit(before.last_charge_amount!, before.current_period_start!, before.current_period_end!, quote.at);
    expect(C).toBeGreaterThan(N);
    expect(quote).toMatchObject({ planCost: N, unusedCredit: C, total: 0n, creditApplied: 0n, creditAdded: C - N, creditBalanceAfter: balance0 + C - N });
    // No card: nothing is due.
    const placed = await caller.subscriptionChange.place({ subscriptionId: S.northwindWebinar, tierId: 'tier_webinar_starter', seats: 1, frequency: 'annual', quoteToken, idempotencyKey: key(), paymentMethodId: null });
    expect(placed.payment).toEqual({ status: 'not_required' });
    expect((await waitForOrder(await bella(), placed.orderId)).status).toBe('completed');
    expect(await stack.db.selectFrom('payments').select('id').where('order_id', '=', placed.orderId).execute()).toHaveLength(0);
    expect(await balance()).toBe(balance0 + C - N);
    const note = await stack.db.selectFrom('credit_notes').selectAll().where('order_id', '=', placed.orderId).executeTakeFirstOrThrow();
    expect(note).toMatchObject({ amount: C - N, invoice_id: 'inv_northwind_webinar' });
    expect(await sub(S.northwindWebinar)).toMatchObject({ seats: 1, last_charge_amount: N });
    // The confirmation names the credit note (there is no invoice).
    expect((await waitForEmail('bella@northwind.example', new RegExp(placed.orderId))).text).toContain(note.number);

    // The next charge uses the balance first (Meeting: 6 → 7 Enterprise seats).
    const next = await caller.subscriptionChange.preview({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 7, frequency: 'monthly' });
    const gross = next.quote.planCost - next.quote.unusedCredit;
    const applied = gross < balance0 + C - N ? gross : balance0 + C - N;
    expect(next.quote).toMatchObject({ creditBalance: balance0 + C - N, creditApplied: applied, total: gross - applied });
    const placed2 = await caller.subscriptionChange.place({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 7, frequency: 'monthly', quoteToken: next.quoteToken, idempotencyKey: key(), paymentMethodId: next.quote.total > 0n ? await createCard(CARDS.visa) : null });
    expect((await waitForOrder(await bella(), placed2.orderId)).status).toBe('completed');
    expect(await balance()).toBe(next.quote.creditBalanceAfter);
  });

  it('WF-2: two simultaneous changes of one subscription → one goes through, the other hears "a change is already in progress"', async () => {
    const caller = await bella();
    const a = await caller.subscriptionChange.preview({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 9, frequency: 'monthly' });
    // Both stay monthly so the winner leaves the same kind of period behind: the next test's upgrade must cost money either way.
    const b = await caller.subscriptionChange.preview({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 8, frequency: 'monthly' });
    const card = await createCard(CARDS.visa);
    const results = await Promise.allSettled([
      caller.subscriptionChange.place({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 9, frequency: 'monthly', quoteToken: a.quoteToken, idempotencyKey: key(), paymentMethodId: card }),
      caller.subscriptionChange.place({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 8, frequency: 'monthly', quoteToken: b.quoteToken, idempotencyKey: key(), paymentMethodId: card }),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    // Whichever lost: while the winner is in flight it is told "already in progress"; after, its figures are stale.
    expect(refused[0]!.reason).toMatchObject({ code: 'CONFLICT' });
    expect(String(refused[0]!.reason.message)).toMatch(/already in progress|amounts changed/);
    const winner = (ok[0] as PromiseFulfilledResult<{ orderId: string }>).value.orderId;
    expect((await waitForOrder(await bella(), winner)).status).toBe('completed');
    // The database refuses a second change in flight even if a service forgot to check.
    const line = await stack.db.selectFrom('order_lines').selectAll().where('order_id', '=', winner).executeTakeFirstOrThrow();
    expect(line.change_in_flight).toBe(false);
    const o1 = newId('ord');
    const o2 = newId('ord');
    await stack.db.insertInto('orders').values([{ id: o1, account_id: 'acct_northwind', kind: 'change', currency: 'USD', idempotency_key: key() }, { id: o2, account_id: 'acct_northwind', kind: 'change', currency: 'USD', idempotency_key: key() }]).execute();
    const row = (orderId: string) => ({ id: newId('ol'), order_id: orderId, kind: 'change' as const, subscription_id: S.northwindMeeting, product_id: 'prd_meeting', tier_id: 'tier_meeting_enterprise', seats: 9, frequency: 'monthly' as const, plan_amount: 1n, change_in_flight: true, subscription_version: 0 });
    await stack.db.insertInto('order_lines').values(row(o1)).execute();
    await expect(stack.db.insertInto('order_lines').values(row(o2)).execute()).rejects.toMatchObject({ constraint: 'order_lines_one_change_in_flight' });
    // Ending the order releases the subscription (trigger), whichever code path ends it.
    await stack.db.updateTable('orders').set({ status: 'cancelled' }).where('id', '=', o1).execute();
    await stack.db.insertInto('order_lines').values(row(o2)).execute();
    await stack.db.updateTable('orders').set({ status: 'cancelled' }).where('id', '=', o2).execute();
  });

  it('WF-2: the same order submitted twice charges once', async () => {
    const caller = await bella();
    const { quote, quoteToken } = await caller.subscriptionChange.preview({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 40, frequency: 'monthly' });
    expect(quote.total).toBeGreaterThan(0n);
    const input = { subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 40, frequency: 'monthly' as const, quoteToken, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) };
    const [a, b] = await Promise.all([caller.subscriptionChange.place(input), caller.subscriptionChange.place(input)]);
    expect(a.orderId).toBe(b.orderId);
    const again = await caller.subscriptionChange.place(input);
    expect(again).toMatchObject({ orderId: a.orderId, duplicate: true });
    expect((await waitForOrder(await bella(), a.orderId)).status).toBe('completed');
    const pays = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', a.orderId).execute();
    expect(pays).toHaveLength(1);
    expect(pays[0]!.amount).toBe(quote.total);
    await waitForEmail('bella@northwind.example', new RegExp(a.orderId));
    expect(await settledEmailsTo(stack.db, 'bella@northwind.example', new RegExp(a.orderId))).toHaveLength(1);
  });

  it('BC-4 WF-2: a declined card changes nothing, gives the credit back, and Place order says so at once', async () => {
    const caller = await bella();
    const before = await sub(S.northwindMeeting);
    const balance0 = await balance();
    const { quoteToken } = await caller.subscriptionChange.preview({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 20, frequency: 'annual' });
    const placed = await caller.subscriptionChange.place({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 20, frequency: 'annual', quoteToken, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.declinedOnCharge) });
    expect(placed.payment).toMatchObject({ status: 'failed', message: expect.stringMatching(/declined.*not been changed/) });
    const order = await waitForOrder(await bella(), placed.orderId);
    expect(order.status).toBe('failed');
    expect(await searchAttributesAt(stack.worker.client, workflowIds.subscriptionChange(placed.orderId), 'failed')).toMatchObject({ orderId: placed.orderId, productId: 'prd_meeting', status: 'failed' });
    expect(await sub(S.northwindMeeting)).toEqual(before);
    expect(await balance()).toBe(balance0);
    expect(await stack.db.selectFrom('invoices').select('id').where('order_id', '=', placed.orderId).execute()).toHaveLength(0);
    // The subscription is free again: a new attempt can be made.
    expect((await caller.subscriptionChange.form({ subscriptionId: S.northwindMeeting })).changeInProgress).toBeNull();
  });

  it('BC-4: when the price or the credit balance changes between preview and Place order, nothing is charged and the new figures come back to confirm', async () => {
    const caller = await bella();
    const first = await caller.subscriptionChange.preview({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 45, frequency: 'monthly' });
    // A credit of 5.00 lands on the account meanwhile.
    await stack.db.insertInto('credit_ledger').values({ id: newId('cl'), account_id: 'acct_northwind', currency: 'USD', amount: 500n, reason: 'manual', note: 'goodwill' }).execute();
    const input = { subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 45, frequency: 'monthly' as const, quoteToken: first.quoteToken, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) };
    // Without a card too, the moved figures are what the customer is told (not that a card is missing).
    await expect(caller.subscriptionChange.place({ ...input, paymentMethodId: null })).rejects.toMatchObject({ code: 'CONFLICT', cause: { key: 'errors.change.amountsChanged' } });
    const err = (await caller.subscriptionChange.place(input).catch((e: unknown) => e)) as TRPCError & { cause?: { details?: { preview?: { quote: { creditBalance: bigint; total: bigint }; quoteToken: string } } } };
    expect(err).toBeInstanceOf(TRPCError);
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/amounts changed/);
    const fresh = err.cause!.details!.preview!;
    expect(fresh.quote.creditBalance).toBe(first.quote.creditBalance + 500n);
    expect(await stack.db.selectFrom('orders').select('id').where('idempotency_key', '=', input.idempotencyKey).execute()).toHaveLength(0);
    // Confirming the new figures goes through, charging exactly them.
    const placed = await caller.subscriptionChange.place({ ...input, quoteToken: fresh.quoteToken });
    expect((await waitForOrder(await bella(), placed.orderId)).total).toBe(fresh.quote.total);
    // A forged token is refused the same way.
    const forged = await caller.subscriptionChange.preview({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 46, frequency: 'monthly' });
    const tampered = `${Number(forged.quoteToken.split('.')[0]) - 60_000}.${forged.quoteToken.split('.')[1]}`;
    await expect(caller.subscriptionChange.place({ ...input, seats: 46, quoteToken: tampered, idempotencyKey: key() })).rejects.toMatchObject({ code: 'CONFLICT' });
    // The token's total decides the card before the lock, but is checked under it: claiming nothing is due
    // is refused with the real figures, and nothing is written.
    const [time, hmac, total] = forged.quoteToken.split('.');
    expect(BigInt(total!)).toBe(forged.quote.total);
    const claimed = { ...input, seats: 46, quoteToken: `${time}.${hmac}.0`, idempotencyKey: key(), paymentMethodId: null };
    await expect(caller.subscriptionChange.place(claimed)).rejects.toMatchObject({ code: 'CONFLICT', cause: { key: 'errors.change.amountsChanged' } });
    expect(await stack.db.selectFrom('orders').select('id').where('idempotency_key', '=', claimed.idempotencyKey).execute()).toHaveLength(0);
    // A token made before tokens carried the total (a page open across the deploy) places as before, priced first.
    const older = await caller.subscriptionChange.place({ ...input, seats: 46, quoteToken: `${time}.${hmac}`, idempotencyKey: key() });
    expect((await waitForOrder(await bella(), older.orderId)).total).toBe(forged.quote.total);
  });

  it('BC-4: annual → monthly with a credit balance larger than the new price: nothing charged, the balance pays it and grows by the surplus', async () => {
    const caller = await bella();
    // Webinar is now Starter × 1 annual; go Business × 1 annual first (an upgrade) to have value to credit.
    const up = await caller.subscriptionChange.preview({ subscriptionId: S.northwindWebinar, tierId: 'tier_webinar_business', seats: 3, frequency: 'annual' });
    const upPlaced = await caller.subscriptionChange.place({ subscriptionId: S.northwindWebinar, tierId: 'tier_webinar_business', seats: 3, frequency: 'annual', quoteToken: up.quoteToken, idempotencyKey: key(), paymentMethodId: up.quote.total > 0n ? await createCard(CARDS.visa) : null });
    expect((await waitForOrder(await bella(), upPlaced.orderId)).status).toBe('completed');
    await stack.db.insertInto('credit_ledger').values({ id: newId('cl'), account_id: 'acct_northwind', currency: 'USD', amount: 1_000_000n, reason: 'manual', note: 'large goodwill credit' }).execute();
    const balance0 = await balance();
    const { quote, quoteToken } = await caller.subscriptionChange.preview({ subscriptionId: S.northwindWebinar, tierId: 'tier_webinar_business', seats: 3, frequency: 'monthly' });
    const N = 3n * catalogUnitAmount('webinar', 'business', 'monthly', 'USD');
    expect(quote.planCost).toBe(N);
    expect(quote.total).toBe(0n);
    expect(quote.creditBalanceAfter).toBe(balance0 + quote.unusedCredit - N);
    const placed = await caller.subscriptionChange.place({ subscriptionId: S.northwindWebinar, tierId: 'tier_webinar_business', seats: 3, frequency: 'monthly', quoteToken, idempotencyKey: key(), paymentMethodId: null });
    expect((await waitForOrder(await bella(), placed.orderId)).status).toBe('completed');
    expect(await balance()).toBe(quote.creditBalanceAfter);
    expect(await sub(S.northwindWebinar)).toMatchObject({ frequency: 'monthly', current_period_end: addPeriod(quote.at, 'monthly') });
  });
});
