import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createDb } from '../db/client';
import { env } from '../server/env';
import { stripeClient } from '../server/payments/stripe-gateway';
import { killProcessGroup, type Service } from './stack/proc';
import { startStack } from './stack/index';
import { PROJECT_ROOT, profile } from './stack/profile';
import { Rng } from './chaos/random';
import { CHAOS_LATEST, printRun } from './chaos/report';
import { runChaos } from './chaos/run';

/**
 * `npm run chaos`: the chaos suite on a stack of its own (chaos profile, fresh data, no web server:
 * the users' requests go through the tRPC procedures in this process, as the tests' callers do).
 * CHAOS_ORDERS orders by CHAOS_USERS users at once while the stack's worker and Temporal server are
 * SIGKILLed and restarted and the database connections cut once; then the reconciliation. Prints the
 * seed (CHAOS_SEED replays the plan) and the figures; exits non-zero on any violation.
 */
const seed = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : Rng.freshSeed();
const orders = Number(process.env.CHAOS_ORDERS ?? 200);
const users = Number(process.env.CHAOS_USERS ?? 8);
for (const [name, v] of [['CHAOS_SEED', seed], ['CHAOS_ORDERS', orders], ['CHAOS_USERS', users]] as const) {
  if (!Number.isSafeInteger(v) || v < (name === 'CHAOS_SEED' ? 0 : 1)) throw new Error(`${name} must be a whole number${name === 'CHAOS_SEED' ? '' : ' of at least 1'}`);
}
console.log(`Chaos run: seed ${seed} (CHAOS_SEED=${seed} replays it), ${orders} orders, ${users} users`);

const p = profile('chaos');
rmSync(p.dataDir, { recursive: true, force: true });
const stack = await startStack(p, { app: false, seed: true, log: (m) => console.log(m) });
if (!stack.temporal) throw new Error('npm run chaos kills the embedded Temporal server: unset TEMPORAL_ADDRESS');
// The procedures and the test helpers this process runs read the stack's settings from the environment.
Object.assign(process.env, stack.env);
let worker: Service = stack.startWorker();
const connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS! });
const client = new Client({ connection, namespace: stack.env.TEMPORAL_NAMESPACE });
const db = createDb(stack.env.DATABASE_URL!, { max: 10 });
let exitCode = 1;
try {
  const run = await runChaos(
    {
      db,
      client,
      taskQueue: env().TEMPORAL_TASK_QUEUE,
      stripe: stripeClient(env()),
      log: (m) => console.log(m),
      parts: {
        killWorker: () => killProcessGroup(worker.child),
        async startWorker() { worker = stack.startWorker(); },
        workerAlive: () => worker.child.exitCode === null && worker.child.signalCode === null,
        killTemporal: () => stack.temporal!.kill(),
        startTemporal: () => stack.temporal!.restart(),
        databaseUrl: stack.env.DATABASE_URL!,
      },
    },
    { seed, orders, users },
  );
  const printed: string[] = [];
  printRun(run, (m) => {
    console.log(m);
    printed.push(m);
  });
  // The bench report carries the last chaos run's figures (issue 14: "reported in the bench report").
  mkdirSync(path.join(PROJECT_ROOT, '.bench'), { recursive: true });
  writeFileSync(CHAOS_LATEST, `Last \`npm run chaos\`, ${new Date().toISOString()}:\n${printed.join('\n')}\n`);
  exitCode = run.reconciliation.violations === 0 ? 0 : 1;
} finally {
  await db.destroy();
  await connection.close();
  await stack.stop();
}
process.exit(exitCode);
