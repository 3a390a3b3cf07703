import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createDb } from '../db/client';
import { env } from '../server/env';
import { createSmtpMailer } from '../server/email/transport';
import { createStripeGateway } from '../server/payments/stripe-gateway';
import { temporalConnectionOptions } from '../server/temporal/connection';
import { createActivities } from './activities';

/**
 * The worker process: polls Seatplan's task queue, runs workflow code from a bundle built ahead of
 * time (WORKFLOW_BUNDLE_PATH, made by the build step) or bundled now, and activities with real I/O.
 */
export async function createWorker(opts: { bundlePath?: string; taskQueue?: string } = {}) {
  const e = env();
  const db = createDb(e.DATABASE_URL, { max: e.DATABASE_POOL_MAX });
  const mailer = createSmtpMailer(e);
  const connection = await NativeConnection.connect(temporalConnectionOptions(e));
  const bundlePath = opts.bundlePath ?? process.env.WORKFLOW_BUNDLE_PATH;
  const workflowBundle = bundlePath && existsSync(bundlePath)
    ? { code: readFileSync(bundlePath, 'utf8') }
    : await bundleWorkflowCode({ workflowsPath: path.join(import.meta.dirname, 'index.ts') });
  const worker = await Worker.create({
    connection,
    namespace: e.TEMPORAL_NAMESPACE,
    taskQueue: opts.taskQueue ?? e.TEMPORAL_TASK_QUEUE,
    workflowBundle,
    activities: createActivities({ db, payments: createStripeGateway(e), mailer, appUrl: e.APP_URL }),
  });
  const close = async () => {
    mailer.close();
    await db.destroy();
    await connection.close();
  };
  return { worker, close };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  const { worker, close } = await createWorker();
  console.log(`worker polling task queue "${env().TEMPORAL_TASK_QUEUE}"`);
  // The SDK shuts down gracefully on SIGINT/SIGTERM: in-flight activities finish or are retried elsewhere.
  await worker.run();
  await close();
}
