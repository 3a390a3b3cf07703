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

/**
 * TestWorkflowEnvironment on Temporal's time-skipping test server (scripts/tools/temporal-test-server.ts):
 * a workflow waiting on a 24-hour or 30-day timer is carried to it at once while the test awaits its
 * result, so the real durations of WF-3 and WF-6 are what the tests run.
 */
export async function createTimeSkippingTestEnv() {
  const path = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (!path) throw new Error('TEMPORAL_TEST_SERVER_PATH is not set: run the tests with `npm test` (on Linux x86-64, where its wheel installs).');
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  // The test server knows no custom search attributes until told, like a cluster (README: register them once).
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(Object.values(SearchAttributes).map((k) => [k.name, proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
  });
  return env;
}
