import proto from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { SearchAttributes } from '../../workflows/shared';
import { startPrivateTemporalServer, startTimeSkippingServer } from './temporal-servers';

/** The namespace of every test environment's server. */
const NAMESPACE = 'default';

/** Stops the test's own server after the SDK's teardown closed its connections. */
function stoppingServerOnTeardown(env: TestWorkflowEnvironment, stop: () => Promise<void>): TestWorkflowEnvironment {
  const teardown = env.teardown.bind(env);
  env.teardown = async () => {
    await teardown();
    await stop();
  };
  return env;
}

/**
 * TestWorkflowEnvironment on the same Temporal CLI binary the stack uses (no download), for workflow
 * tests with stubbed activities. Durations are workflow inputs, so tests need no time skipping. The
 * server is started on a reserved port (test/helpers/temporal-servers.ts says why not createLocal).
 */
export async function createWorkflowTestEnv() {
  const server = await startPrivateTemporalServer(NAMESPACE);
  try {
    const env = await TestWorkflowEnvironment.createFromExistingServer({ address: server.address, namespace: NAMESPACE });
    return stoppingServerOnTeardown(env, () => server.stop());
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/**
 * What createTimeSkipping does once its server is up: connections that speak the test service, and a
 * client whose result waits skip time. The SDK keeps this step private (its public path insists on
 * spawning the server itself, with a 5 s start window); the version is pinned in package.json.
 */
type ConnectTimeSkipping = (opts: { server: { type: 'existing' }; address: string; namespace: string; supportsTimeSkipping: true }) => Promise<TestWorkflowEnvironment>;
const connectTimeSkipping = (TestWorkflowEnvironment as unknown as { create: ConnectTimeSkipping }).create.bind(TestWorkflowEnvironment);

/**
 * The time-skipping test server (scripts/tools/temporal-test-server.ts): a workflow's durable timers
 * fire as soon as nothing else is pending, so a test can run a 14-day trial or a 24-hour promise with
 * the real durations, in seconds. Its clock moves only while the test waits on a workflow result.
 */
export async function createTimeSkippingTestEnv() {
  const server = await startTimeSkippingServer();
  let env: TestWorkflowEnvironment;
  try {
    env = stoppingServerOnTeardown(await connectTimeSkipping({ server: { type: 'existing' }, address: server.address, namespace: NAMESPACE, supportsTimeSkipping: true }), () => server.stop());
  } catch (err) {
    await server.stop();
    throw err;
  }
  try {
    if (!env.supportsTimeSkipping) throw new Error('The test environment does not skip time: the SDK\'s private create() changed; see test/helpers/workflow-env.ts.');
    // Like the dev server's --search-attribute flags: the workflows upsert Seatplan's attributes.
    const keyword = proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
    await env.connection.operatorService.addSearchAttributes({
      namespace: NAMESPACE,
      searchAttributes: Object.fromEntries(Object.values(SearchAttributes).map((key) => [key.name, keyword])),
    });
    return env;
  } catch (err) {
    await env.teardown(); // its connections, then the server
    throw err;
  }
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
