import { describe, expect, it } from 'vitest';
import { stripeClient } from '../../server/payments/stripe-gateway';
import { env } from '../../server/env';
import { SearchAttributes, workflowIds } from '../../workflows/shared';
import { callerFor } from '../helpers/callers';
import { settledEmailsTo } from '../helpers/maildev';
import { useSeededStack } from '../helpers/seeded-stack';
import { searchAttributesAt } from '../helpers/temporal';

describe('WF-1 trial start through tRPC, Temporal, Stripe and SMTP', () => {
  const stack = useSeededStack();
  const deps = () => stack.deps();

  async function waitForStatus(subscriptionId: string, caller: Awaited<ReturnType<typeof callerFor>>) {
    for (let i = 0; i < 200; i++) {
      const { status } = await caller.subscriptions.status({ subscriptionId });
      if (status !== 'pending_trial') return status;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('trial never became active');
  }

  it('WF-1: a billing admin starts a trial: subscription active, Stripe customer created, email sent, workflow searchable by account, product and status', async () => {
    const caller = await callerFor(deps(), { productEmail: 'bella@northwind.example' });
    const before = await caller.subscriptions.list();
    expect(before.find((c) => c.productId === 'prd_assist_v4')?.subscription).toBeNull();

    const { subscriptionId, workflowId } = await caller.subscriptions.startTrial({ productId: 'prd_assist_v4' });
    expect(workflowId).toBe(workflowIds.trial(subscriptionId));
    await expect(waitForStatus(subscriptionId, caller)).resolves.toBe('trial');

    const card = (await caller.subscriptions.list()).find((c) => c.productId === 'prd_assist_v4')!;
    expect(card.subscription).toMatchObject({ status: 'trial', seats: 1, frequency: 'monthly', trialDaysLeft: 14 });

    // The account now has exactly one Stripe customer, and Stripe (localstripe) knows it.
    const account = await stack.db.selectFrom('accounts').select('stripe_customer_id').where('id', '=', 'acct_northwind').executeTakeFirstOrThrow();
    expect(account.stripe_customer_id).toMatch(/^cus_/);
    const customer = await stripeClient(env()).customers.retrieve(account.stripe_customer_id!);
    expect(customer).toMatchObject({ email: 'bella@northwind.example' });

    // This file's email (the e2e layer starts Northwind's Assist v4 trial too, same subject, same MailDev).
    const mails = await settledEmailsTo(stack.db, 'bella@northwind.example', /Your free trial of Assist v4 is active/, { atLeast: 1 });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toMatch(/not be charged/);

    // Operations find it in the Temporal UI by account, subscription, product and status (SPEC §7); no order yet.
    const description = await stack.worker.client.workflow.getHandle(workflowId).describe();
    expect(description.typedSearchAttributes.get(SearchAttributes.accountId)).toBe('acct_northwind');
    expect(description.typedSearchAttributes.get(SearchAttributes.subscriptionId)).toBe(subscriptionId);
    expect(await searchAttributesAt(stack.worker.client, workflowId, 'trial')).toEqual({ accountId: 'acct_northwind', subscriptionId, productId: 'prd_assist_v4', status: 'trial' });
  });

  it('WF-1: starting the same trial twice is refused clearly and starts nothing new', async () => {
    const caller = await callerFor(deps(), { productEmail: 'bella@northwind.example' });
    const first = await caller.subscriptions.startTrial({ productId: 'prd_remote_support_v5' });
    await waitForStatus(first.subscriptionId, caller);
    await expect(caller.subscriptions.startTrial({ productId: 'prd_remote_support_v5' })).rejects.toMatchObject({ code: 'CONFLICT', message: 'Your account already has Remote Support v5.' });
    const rows = await stack.db.selectFrom('subscriptions').select('id').where('account_id', '=', 'acct_northwind').where('product_id', '=', 'prd_remote_support_v5').execute();
    expect(rows).toHaveLength(1);
    // This file's emails only: the e2e layer starts Northwind's Remote Support v5 trial too, with the same
    // subject to the same address in the shared MailDev (and it may run before or alongside this file).
    const started = await settledEmailsTo(stack.db, 'bella@northwind.example', /Remote Support v5 is active/, { atLeast: 1 });
    expect(started).toHaveLength(1);
  });

  it('WF-1: bad input gets a clear error and changes nothing', async () => {
    const caller = await callerFor(deps(), { productEmail: 'bella@northwind.example' });
    const count = async () => (await stack.db.selectFrom('subscriptions').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    const before = await count();
    await expect(caller.subscriptions.startTrial({ productId: 'nope' } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.subscriptions.startTrial({ productId: 'prd_unknown' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'This product does not exist.' });
    await expect(caller.subscriptions.startTrial({ productId: 'prd_meeting', extra: 1 } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await count()).toBe(before);
  });

  it('WF-1 AC-3: only the billing contact of an online account may start a trial', async () => {
    await expect((await callerFor(deps(), 'anonymous')).subscriptions.startTrial({ productId: 'prd_training' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect((await callerFor(deps(), { productEmail: 'sam@northwind.example' })).subscriptions.startTrial({ productId: 'prd_training' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await callerFor(deps(), { productEmail: 'adam@northwind.example' })).subscriptions.startTrial({ productId: 'prd_training' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await callerFor(deps(), { productEmail: 'carla@globex.example' })).subscriptions.startTrial({ productId: 'prd_training' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('WF-1: another account\'s subscription cannot be read', async () => {
    const bella = await callerFor(deps(), { productEmail: 'bella@northwind.example' });
    const giulia = await callerFor(deps(), { productEmail: 'giulia@bottega-rossi.example' });
    const { id: subscriptionId } = await stack.db.selectFrom('subscriptions').select('id').where('account_id', '=', 'acct_northwind').executeTakeFirstOrThrow();
    await expect(bella.subscriptions.status({ subscriptionId })).resolves.toMatchObject({ id: subscriptionId });
    await expect(giulia.subscriptions.status({ subscriptionId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
