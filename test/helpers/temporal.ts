import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Db } from '../../db/client';
import { createActivities } from '../../workflows/activities';
import { createSmtpMailer } from '../../server/email/transport';
import { createStripeGateway, type PaymentGateway } from '../../server/payments/stripe-gateway';
import { env } from '../../server/env';
import { SearchAttributes } from '../../workflows/shared';

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

/** Seatplan's search attributes of a workflow, as operations see them in the Temporal UI (by name). */
export type SeatplanSearchAttributes = Partial<Record<keyof typeof SearchAttributes, string>>;

/**
 * Reads a workflow's search attributes with describe() once its SeatplanStatus is `status` (the workflow
 * upserts it after the step's activity, so a test that saw the database change may be a moment early).
 * After the timeout it returns what it last saw, so the test's expectation fails with a readable diff.
 */
export async function searchAttributesAt(client: Client, workflowId: string, status: string, timeoutMs = 15_000): Promise<SeatplanSearchAttributes> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { typedSearchAttributes } = await client.workflow.getHandle(workflowId).describe();
    const seen: SeatplanSearchAttributes = {};
    for (const [name, key] of Object.entries(SearchAttributes) as Array<[keyof typeof SearchAttributes, (typeof SearchAttributes)[keyof typeof SearchAttributes]]>) {
      const value = typedSearchAttributes.get(key);
      if (value !== undefined) seen[name] = value;
    }
    if (seen.status === status || Date.now() > deadline) return seen;
    await new Promise((r) => setTimeout(r, 100));
  }
}
