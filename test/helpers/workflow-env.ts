import proto from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { DEV_SERVER_DYNAMIC_CONFIG } from '../../scripts/stack/temporal';
import { SearchAttributes } from '../../workflows/shared';

/**
 * TestWorkflowEnvironment on the same Temporal CLI binary the stack uses (no download), for workflow
 * tests with stubbed activities. Durations are workflow inputs, so tests need no time skipping.
 */
export async function createWorkflowTestEnv() {
  const path = process.env.TEMPORAL_CLI_PATH;
  if (!path) throw new Error('TEMPORAL_CLI_PATH is not set: run the tests with `npm test`.');
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path },
      ip: '127.0.0.1',
      searchAttributes: Object.values(SearchAttributes),
      log: { format: 'pretty', level: 'error' },
      extraArgs: [...DEV_SERVER_DYNAMIC_CONFIG],
    },
  });
}

/**
 * The time-skipping test server (scripts/tools/temporal-test-server.ts): a workflow's durable timers
 * fire as soon as nothing else is pending, so a test can run a 14-day trial or a 24-hour promise with
 * the real durations, in seconds. Its clock moves only while the test waits on a workflow result.
 */
export async function createTimeSkippingTestEnv() {
  const path = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (!path) throw new Error('TEMPORAL_TEST_SERVER_PATH is not set: run the tests with `npm test`.');
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  // Like the dev server's --search-attribute flags: the workflows upsert Seatplan's attributes.
  const keyword = proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(Object.values(SearchAttributes).map((key) => [key.name, keyword])),
  });
  return env;
}

export function workflowBundle() {
  const p = process.env.WORKFLOW_BUNDLE_PATH;
  if (!p || !existsSync(p)) throw new Error('WORKFLOW_BUNDLE_PATH is not set: run the tests with `npm test`.');
  return { code: readFileSync(p, 'utf8') };
}

/** Runs `fn` while a worker with the given (stubbed) activities serves a fresh task queue. */
export async function withWorker<T>(env: TestWorkflowEnvironment, activities: object, fn: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `wf-test-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, workflowBundle: workflowBundle(), activities });
  return worker.runUntil(fn(taskQueue));
}
