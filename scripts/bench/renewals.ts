import { newId } from '../../db/ids';
import { catalogUnitAmount } from '../../db/seed/catalog';
import { renewalStartOptions } from '../../server/temporal/starters';
import { WorkflowTypes } from '../../workflows/shared';
import { inParallel, type BenchContext } from './context';

const N = Number(process.env.BENCH_RENEWALS ?? 1000);

/**
 * WF-4 at the turn of a month: N online subscriptions whose periods all end in the same minute, each
 * with its renewal workflow asleep on its timer. From that minute on the worker charges (localstripe),
 * invoices, emails and continues each one as new; the figure is renewals completed per second from the
 * due time to the last one paid (the renewal row is marked paid by the core's fulfilment, in the
 * transaction that advances the period and issues the invoice; the email follows), next to bare@20's
 * throughput. Each account has its own Stripe customer
 * and card (made first, outside the measured time); every renewal makes its own PaymentIntent.
 */
export async function benchRenewals(ctx: BenchContext) {
  const stripeIds: Array<{ customer: string; card: string }> = [];
  await inParallel(Array.from({ length: N }, (_, i) => i), 10, async (i) => {
    const customer = await ctx.stripe.customers.create({ name: `Bench renewal ${i}` });
    stripeIds.push({ customer: customer.id, card: (await ctx.stripe.paymentMethods.attach(await ctx.newCard(), { customer: customer.id })).id });
  });
  const unit = catalogUnitAmount('meeting', 'business', 'monthly', 'EUR');
  const dueAt = new Date(Date.now() + 30_000 + N * 30); // time to write the rows and start the workflows first
  const start = new Date(dueAt.getTime() - 30 * 86_400_000);
  const subs: Array<{ id: string; accountId: string }> = [];
  for (let i = 0; i < N; i += 100) {
    const batch = Array.from({ length: Math.min(100, N - i) }, (_, j) => ({ i: i + j, accountId: newId('acct'), userId: newId('usr'), subscriptionId: newId('sub') }));
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('accounts').values(batch.map((b) => ({ id: b.accountId, name: `Bench renewal ${b.i}`, kind: 'online', currency: 'EUR', country: 'IT', billing_contact_user_id: b.userId, stripe_customer_id: stripeIds[b.i]!.customer }) as never)).execute();
      await trx.insertInto('users').values(batch.map((b) => ({ id: b.userId, account_id: b.accountId, email: `bench-renewal-${b.i}-${dueAt.getTime()}@bench.example`, name: `Renewal ${b.i}`, password_hash: ctx.passwordHash, role: 'account_admin' }) as never)).execute();
      await trx.insertInto('payment_methods').values(batch.map((b) => ({ id: newId('pm'), account_id: b.accountId, kind: 'card', stripe_payment_method_id: stripeIds[b.i]!.card, card_brand: 'visa', card_last4: '4242', card_exp_month: 12, card_exp_year: 2030, is_default: true }) as never)).execute();
      await trx.insertInto('subscriptions').values(batch.map((b) => ({ id: b.subscriptionId, account_id: b.accountId, product_id: 'prd_meeting', tier_id: 'tier_meeting_business', seats: 2, frequency: 'monthly', status: 'active', current_period_start: start, current_period_end: dueAt, last_charge_amount: 2n * unit, currency: 'EUR' }) as never)).execute();
    });
    subs.push(...batch.map((b) => ({ id: b.subscriptionId, accountId: b.accountId })));
  }
  await inParallel(subs, 20, async (s) => {
    await ctx.client.workflow.start(WorkflowTypes.renewal, renewalStartOptions('seatplan', { subscriptionId: s.id, accountId: s.accountId, productId: 'prd_meeting' }));
  });
  const ids = subs.map((s) => s.id);
  const wait = dueAt.getTime() - Date.now();
  if (wait < 0) ctx.report.note(`renewals: setting up ${N} subscriptions took longer than planned; they fell due ${-wait} ms before all workflows had started.`);
  else await new Promise((r) => setTimeout(r, wait));
  const deadline = Date.now() + 30 * 60_000;
  let paid: Array<{ paid_at: Date | null }> = [];
  while (Date.now() < deadline) {
    paid = await ctx.db.selectFrom('renewals').select('paid_at').where('subscription_id', 'in', ids).where('status', '=', 'paid').execute();
    if (paid.length === N) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const latencies = paid.map((r) => r.paid_at!.getTime() - dueAt.getTime()).sort((a, b) => a - b);
  const last = latencies.at(-1) ?? 0;
  ctx.report.addLatency('renewal@1000', `WF-4: ${N} renewals falling due in the same minute — due time → paid (charge, then the core's fulfilment: period, invoice)`, latencies, { throughput: (1000 * paid.length) / Math.max(1, last), vs: 'bare@20' });
  ctx.report.addRate(`WF-4 renewals completed per second, ${N} due at once (${paid.length} of ${N} paid)`, (1000 * paid.length) / Math.max(1, last), 'renewals/s', 'bare@20');
}
