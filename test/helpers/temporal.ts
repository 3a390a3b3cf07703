import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Db } from '../../db/client';
import { createActivities } from '../../workflows/activities';
import { createSmtpMailer } from '../../server/email/transport';
import { createStripeGateway, type PaymentGateway } from '../../server/payments/stripe-gateway';
import { env } from '../../server/env';

/**
 * A real worker in the test process, on the test stack's Temporal server, with activities bound to
 * the test file's own database. Its task queue is unique, so the stack's own worker never takes its tasks.
 */
export type WorkerActivities = ReturnType<typeof createActivities>;

export interface TestWorkerOptions {
  /** Wraps the Stripe gateway the activities use — only to inject a fault Stripe cannot produce on demand. */
  payments?: (real: PaymentGateway) => PaymentGateway;
  /** Wraps the real activities — only to hold a step (e.g. until the test changed state meanwhile) or inject a fault. */
  activities?: (real: WorkerActivities) => WorkerActivities;
}

export async function startTestWorker(db: Db, opts: TestWorkerOptions = {}) {
  const e = env();
  const taskQueue = `test-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address: e.TEMPORAL_ADDRESS });
  const bundlePath = process.env.WORKFLOW_BUNDLE_PATH;
  if (!bundlePath || !existsSync(bundlePath)) throw new Error('WORKFLOW_BUNDLE_PATH is not set: run the tests with `npm test`.');
  const mailer = createSmtpMailer(e);
  const wrapPayments = opts.payments ?? ((g: PaymentGateway) => g);
  const wrapActivities = opts.activities ?? ((a: WorkerActivities) => a);
  const worker = await Worker.create({
    connection,
    namespace: e.TEMPORAL_NAMESPACE,
    taskQueue,
    workflowBundle: { code: readFileSync(bundlePath, 'utf8') },
    activities: wrapActivities(createActivities({ db, payments: wrapPayments(createStripeGateway(e)), mailer, appUrl: e.APP_URL })),
  });
  const running = worker.run();
  const clientConnection = await Connection.connect({ address: e.TEMPORAL_ADDRESS });
  const client = new Client({ connection: clientConnection, namespace: e.TEMPORAL_NAMESPACE });
  return {
    taskQueue,
    client,
    async stop() {
      worker.shutdown();
      await running;
      mailer.close();
      await connection.close();
      await clientConnection.close();
    },
  };
}
