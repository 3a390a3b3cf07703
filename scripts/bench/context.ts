import { Client, Connection } from '@temporalio/client';
import type Stripe from 'stripe';
import { createDb, type Db } from '../../db/client';
import { newId } from '../../db/ids';
import { hashPassword } from '../../server/auth/password';
import { stripeClient } from '../../server/payments/stripe-gateway';
import type { Stack } from '../stack/index';
import { BenchReport } from './report';

export const BENCH_PASSWORD = 'bench-password';

/** What every bench section gets: the running stack, clients for it, and the report to add rows to. */
export interface BenchContext {
  stack: Stack;
  app: string;
  client: Client;
  db: Db;
  stripe: Stripe;
  passwordHash: string;
  /** Default sample size (BENCH_RUNS). */
  runs: number;
  report: BenchReport;
  /** A fresh card (test number 4242…) at Stripe, as Stripe.js would create it in the browser. */
  newCard(): Promise<string>;
  /** Online accounts, each with one billing admin; returns their emails. */
  createOnlineAdmins(n: number, label: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function createBenchContext(stack: Stack, runs: number): Promise<BenchContext> {
  const e = stack.env;
  const connection = await Connection.connect({ address: e.TEMPORAL_ADDRESS! });
  const client = new Client({ connection, namespace: e.TEMPORAL_NAMESPACE });
  const db = createDb(e.DATABASE_URL!, { max: 4 });
  const stripe = stripeClient({ STRIPE_SECRET_KEY: e.STRIPE_SECRET_KEY!, STRIPE_API_BASE: e.STRIPE_API_BASE });
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  return {
    stack,
    app: stack.urls.app,
    client,
    db,
    stripe,
    passwordHash,
    runs,
    report: new BenchReport(),
    async newCard() {
      return (await stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' } } as never)).id;
    },
    async createOnlineAdmins(n, label) {
      const emails: string[] = [];
      for (let i = 0; i < n; i++) {
        const accountId = newId('acct');
        const userId = newId('usr');
        const email = `bench-${label}-${i}-${Date.now()}@bench.example`;
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('accounts').values({ id: accountId, name: `Bench ${label} ${i}`, kind: 'online', currency: 'EUR', country: 'IT', billing_contact_user_id: userId } as never).execute();
          await trx.insertInto('users').values({ id: userId, account_id: accountId, email, name: `Bench ${i}`, password_hash: passwordHash, role: 'account_admin' } as never).execute();
        });
        emails.push(email);
      }
      return emails;
    },
    async close() {
      await db.destroy();
      await connection.close();
    },
  };
}

/** Runs `work` for each item with at most `concurrency` in flight; returns the wall time in ms. */
export async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<number> {
  const queue = [...items];
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
  return performance.now() - t0;
}
