import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import path from 'node:path';
import { createBenchActivities } from './bare-activities';
import { inParallel, type BenchContext } from './context';
import { addTimeline } from './timeline';

// Served by a worker of the bench's own: the production bundle does not carry this workflow.
const BARE_QUEUE = 'seatplan-bench-bare';

/** Runs one bare workflow to its end; returns its workflow ID. */
async function bare(ctx: BenchContext, id: string): Promise<string> {
  const workflowId = `bench-bare-${id}-${Date.now()}`;
  await ctx.client.workflow.execute('bareBenchWorkflow', { taskQueue: BARE_QUEUE, workflowId, args: [{ activities: 3 }] });
  return workflowId;
}

let stopWorker: (() => Promise<void>) | null = null;

/**
 * The baselines every goal is compared with: a bare workflow with three no-op activities on the same
 * server and worker, one at a time (`bare@1`) and with 20 in flight (`bare@20`, whose throughput is the
 * ceiling for sustained order rates). The bare worker keeps running until `stopBareWorker`, so a section
 * can measure bare@20 again right before its own 20-user rows (`bareAt20`): on a shared machine the load
 * moves between sections, and a ratio is only fair against a baseline taken under the same load.
 */
export async function benchBaselines(ctx: BenchContext) {
  const connection = await NativeConnection.connect({ address: ctx.stack.env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    namespace: ctx.stack.env.TEMPORAL_NAMESPACE,
    taskQueue: BARE_QUEUE,
    workflowBundle: await bundleWorkflowCode({ workflowsPath: path.join(import.meta.dirname, 'bare-workflow.ts') }),
    activities: createBenchActivities(),
  });
  const running = worker.run();
  stopWorker = async () => {
    worker.shutdown();
    await running;
    await connection.close();
  };
  await measure(ctx);
}

export async function stopBareWorker() {
  await stopWorker?.();
  stopWorker = null;
}

async function measure(ctx: BenchContext) {
  for (let i = 0; i < 10; i++) await bare(ctx, `warmup-${i}`);
  const sequential: number[] = [];
  for (let i = 0; i < ctx.runs; i++) {
    const t0 = performance.now();
    await bare(ctx, `seq-${i}`);
    sequential.push(performance.now() - t0);
  }
  ctx.report.addLatency('bare@1', 'bare workflow, 3 no-op activities, 1 at a time (execute → result)', sequential, { throughput: (1000 * sequential.length) / sequential.reduce((a, b) => a + b, 0) });
  await bareAt20(ctx, 'bare@20', 'bare workflow, 3 no-op activities, 20 concurrent', true);
}

/** bare@20 measured now, as row `key`; returns the key, for the rows that compare with it. */
export async function bareAt20(ctx: BenchContext, key: string, name = `bare workflow, 3 no-op activities, 20 concurrent (again, just before the ${key.split('·')[1] ?? ''} rows)`, timeline = false) {
  const concurrent: number[] = [];
  const workflowIds: string[] = [];
  const ids = Array.from({ length: ctx.runs }, (_, i) => i);
  const wall = await inParallel(ids, 20, async (i) => {
    const t0 = performance.now();
    workflowIds.push(await bare(ctx, `${key}-${i}`));
    concurrent.push(performance.now() - t0);
  });
  ctx.report.addLatency(key, name, concurrent, { throughput: (1000 * concurrent.length) / wall });
  if (timeline) await addTimeline(ctx, key, workflowIds);
  return key;
}
