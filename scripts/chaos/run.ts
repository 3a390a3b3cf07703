import type { Client } from '@temporalio/client';
import { TRPCError } from '@trpc/server';
import type Stripe from 'stripe';
import type { Db } from '../../db/client';
import { hashPassword } from '../../server/auth/password';
import { callerFor, portalCallerFor } from '../../test/helpers/callers';
import { createCorporateAccount } from '../../test/helpers/corporate';
import { waitForOrder } from '../../test/helpers/orders';
import { CARDS, createCard } from '../../test/helpers/stripe';
import { createChangeAccounts } from '../bench/change';
import { inParallel } from '../bench/context';
import { fire, planFaults, type ChaosParts, type Fault } from './faults';
import { ORDER_KINDS, type AccountState, type ChaosAccount, type OrderKind, type Pages, type PreparedOrder } from './kinds';
import { Rng } from './random';
import { reconcile, type Reconciliation } from './reconcile';

export interface ChaosTarget {
  db: Db;
  client: Client;
  taskQueue: string;
  stripe: Stripe;
  parts: ChaosParts;
  log(message: string): void;
}

export interface ChaosOptions {
  seed: number;
  /** Orders placed in all (CHAOS_ORDERS). */
  orders: number;
  /** Users placing them at once, each for accounts of their own (CHAOS_USERS). */
  users: number;
  /** How long a user keeps trying Place order after errors, and waits for it to finish. */
  patienceMs?: number;
  /** How long every order gets to end once the faults are over. */
  settleMs?: number;
}

/** What each Place order came to, as the user saw it. */
export interface Attempt {
  kind: string;
  accountId: string;
  idempotencyKey: string;
  /** The order the user was given (null: refused with a clear error, or never answered). */
  orderId: string | null;
  outcome: 'placed' | 'refused' | 'unanswered';
  /** Paid with a card that is declined when charged (the order must fail, with nothing kept). */
  declinedCard: boolean;
  /** Place order (or the steps before it) answered with an error and was tried again. */
  retries: number;
  error?: string;
}

export interface ChaosRun {
  seed: number;
  faults: Array<Fault & { fired: boolean }>;
  attempts: Attempt[];
  accounts: ChaosAccount[];
  seconds: number;
  reconciliation: Reconciliation;
}

const ORDERS_PER_ACCOUNT = 4;
/** One in ten cards is declined when charged: the order fails, nothing is collected, its credit comes back. */
const DECLINED_SHARE = 0.1;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * An error the user reads and does not retry (a refusal), as opposed to "something went wrong" or
 * "we could not start your order, try again" (Temporal unreachable at Place order): both retried.
 */
const isRefusal = (err: unknown) => err instanceof TRPCError && err.code !== 'INTERNAL_SERVER_ERROR' && err.code !== 'SERVICE_UNAVAILABLE';

/**
 * The chaos run: accounts with an active subscription and trials, then `orders` orders of every kind
 * in ORDER_KINDS placed by `users` users at once while the worker and the Temporal server are killed
 * and restarted and the database connections cut once (faults.ts), then the reconciliation against
 * Stripe and the database (reconcile.ts). Every choice comes from the seed.
 */
export async function runChaos(target: ChaosTarget, opts: ChaosOptions): Promise<ChaosRun> {
  const { db, log } = target;
  const rng = Rng.fromSeed(opts.seed);
  const patienceMs = opts.patienceMs ?? 180_000;
  const t0 = Date.now();
  const accounts = await prepareAccounts(target, Math.ceil(opts.orders / ORDERS_PER_ACCOUNT), opts);
  log(`• ${accounts.length} accounts with ${accounts.reduce((n, a) => n + a.trialIds.length, 0)} trials ready; placing ${opts.orders} orders with ${opts.users} users at once`);

  const faults = planFaults(rng.fork('faults'), opts.orders).map((f) => ({ ...f, fired: false }));
  let placed = 0;
  let usersDone = false;
  const faulting = (async () => {
    for (const fault of faults) {
      while (placed < fault.afterPlaced && !usersDone) await pause(50);
      await fire(target.parts, fault, log);
      fault.fired = true;
    }
  })();

  const attempts: Attempt[] = [];
  const perAccount = accounts.map((_, i) => Math.floor(opts.orders / accounts.length) + (i < opts.orders % accounts.length ? 1 : 0));
  await inParallel(accounts, opts.users, async (account) => {
    const deps = { db, client: target.client, taskQueue: target.taskQueue };
    const pages: Pages = { product: await callerFor(deps, { productEmail: account.email }), portal: await portalCallerFor(deps, account.corporate.portalLoginId), db };
    const accountRng = rng.fork(`account-${account.index}`);
    for (let n = 0; n < perAccount[account.index]!; n++) {
      // Kinds take turns (each account starts at another), so every kind is placed however few the orders.
      const first = ORDER_KINDS[(account.index + n) % ORDER_KINDS.length]!;
      const attempt = await placeOne(target, pages, account, accountRng, first, `chaos-${opts.seed.toString(36).padStart(7, '0')}-${account.index}-${n}`, patienceMs, () => { placed++; });
      attempts.push(attempt);
      if (attempts.length % Math.max(1, Math.round(opts.orders / 10)) === 0) log(`  ${attempts.length}/${opts.orders} orders placed and followed (${Math.round((Date.now() - t0) / 1000)} s)`);
    }
  });
  usersDone = true;
  await faulting;
  if (!target.parts.workerAlive()) await target.parts.startWorker();

  log('• every part is up again; waiting for every order to end…');
  const accountIds = accounts.flatMap((a) => [a.accountId, a.corporate.accountId]);
  const settleDeadline = Date.now() + (opts.settleMs ?? 120_000);
  while (Date.now() < settleDeadline) {
    const open = await db.selectFrom('orders').select((eb) => eb.fn.countAll<string>().as('n')).where('account_id', 'in', accountIds).where('status', 'not in', ['completed', 'failed', 'cancelled']).executeTakeFirstOrThrow();
    if (Number(open.n) === 0) break;
    await pause(500);
  }
  log('• reconciling with Stripe and the database…');
  const reconciliation = await reconcile({ db, stripe: target.stripe }, accountIds, attempts);
  return { seed: opts.seed, faults, attempts, accounts, seconds: (Date.now() - t0) / 1000, reconciliation };
}

/**
 * Accounts as scripts/bench/change.ts makes them (an active Meeting subscription), each starting a trial
 * of every other product through WF-1; and for each, a corporate account whose default card (a Stripe
 * customer's, attached) pays its add-seats service orders.
 */
async function prepareAccounts(target: ChaosTarget, n: number, opts: ChaosOptions): Promise<ChaosAccount[]> {
  const { db } = target;
  const made = await createChangeAccounts(db, n, await hashPassword('chaos-password'), `chaos-${opts.seed}`);
  const products = (await db.selectFrom('products').select('id').where('id', '!=', 'prd_meeting').orderBy('sort').execute()).map((p) => p.id);
  const accounts: ChaosAccount[] = [];
  await inParallel(made.map((m, index) => ({ ...m, index })), opts.users, async (m) => {
    const user = await db.selectFrom('users').select('account_id').where('email', '=', m.email).executeTakeFirstOrThrow();
    const caller = await callerFor({ db, client: target.client, taskQueue: target.taskQueue }, { productEmail: m.email });
    const trialIds: string[] = [];
    for (const productId of products) trialIds.push((await caller.subscriptions.startTrial({ productId })).subscriptionId);
    const customer = await target.stripe.customers.create({ name: `Chaos corporate ${m.index}` });
    const card = await createCard(CARDS.visa);
    await target.stripe.paymentMethods.attach(card, { customer: customer.id });
    const corp = await createCorporateAccount(db, { stripeCustomerId: customer.id, stripePaymentMethodId: card });
    accounts.push({ index: m.index, accountId: user.account_id, email: m.email, activeSubscriptionId: m.subscriptionId, trialIds, corporate: { accountId: corp.accountId, portalLoginId: corp.portalLoginId } });
  });
  const accountIds = accounts.map((a) => a.accountId);
  for (const deadline = Date.now() + 180_000; ; await pause(250)) {
    const pending = await db.selectFrom('subscriptions').select((eb) => eb.fn.countAll<string>().as('n')).where('account_id', 'in', accountIds).where('status', '=', 'pending_trial').executeTakeFirstOrThrow();
    if (Number(pending.n) === 0) break;
    if (Date.now() > deadline) throw new Error(`chaos: ${pending.n} trials still pending after 180 s`);
  }
  return accounts.sort((a, b) => a.index - b.index);
}

/**
 * One user's order, as the pages go: prepare (forms, preview, cart), Place order — after an error the
 * user presses it again, with the same idempotency key, until answered or out of patience — then
 * the order page until it ended.
 */
async function placeOne(target: ChaosTarget, pages: Pages, account: ChaosAccount, rng: Rng, first: OrderKind, idempotencyKey: string, patienceMs: number, onPlaced: () => void): Promise<Attempt> {
  const deadline = Date.now() + patienceMs;
  // The kind whose turn it is, else (nothing left to order of it) the others in a random order.
  const kinds = [first, ...rng.shuffle(ORDER_KINDS.filter((k) => k !== first))];
  const declined = rng.chance(DECLINED_SHARE);
  // Waits between tries come from a stream of their own: how many there are depends on timing, the plan must not.
  const backoff = rng.fork(`${idempotencyKey}-backoff`);
  let retries = 0;
  let lastError = '';
  let kind = kinds[0]!;
  let prepared: PreparedOrder | null = null;
  while (!prepared && Date.now() < deadline) {
    try {
      const state = await accountState(target.db, account);
      const card = await createCard(declined ? CARDS.declinedOnCharge : CARDS.visa);
      for (const k of kinds) {
        prepared = await k.prepare(pages, account, state, rng.fork(`${idempotencyKey}-${k.name}`), card);
        if (prepared) { kind = k; break; }
      }
      if (!prepared) throw new Error('no kind of order is possible for this account');
    } catch (err) {
      retries++;
      lastError = (err as Error).message;
      await pause(1000);
    }
  }
  const base = { kind: kind.name, accountId: account.accountId, idempotencyKey: prepared?.idempotencyKey ?? idempotencyKey, declinedCard: declined && !kind.paysWithAccountCard };
  if (!prepared) return { ...base, orderId: null, outcome: 'unanswered', retries, error: `could not prepare: ${lastError}` };
  let orderId: string | null = null;
  while (!orderId && Date.now() < deadline) {
    try {
      orderId = await prepared.place(idempotencyKey);
    } catch (err) {
      if (isRefusal(err)) return { ...base, orderId: null, outcome: 'refused', retries, error: (err as Error).message };
      retries++;
      lastError = (err as Error).message;
      await pause(backoff.int(500, 2000));
    }
  }
  onPlaced();
  if (!orderId) return { ...base, orderId: null, outcome: 'unanswered', retries, error: `Place order: ${lastError}` };
  // The order page, which rides out errors too (the stuck count comes from the database later).
  while (Date.now() < deadline) {
    try {
      const timeoutMs = Math.max(1000, Math.min(30_000, deadline - Date.now()));
      await (prepared.follow ? prepared.follow(orderId, timeoutMs) : waitForOrder(pages.product, orderId, { timeoutMs }));
      break;
    } catch {
      await pause(500);
    }
  }
  return { ...base, orderId, outcome: 'placed', retries };
}

async function accountState(db: Db, account: ChaosAccount): Promise<AccountState> {
  const subs = await db.selectFrom('subscriptions').select(['id', 'status', 'seats']).where('account_id', '=', account.accountId).execute();
  return {
    trials: subs.filter((s) => s.status === 'trial').map((s) => s.id).sort(),
    activeSeats: subs.find((s) => s.id === account.activeSubscriptionId)!.seats,
  };
}
