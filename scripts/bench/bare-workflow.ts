import { proxyActivities } from '@temporalio/workflow';
import type { BenchActivities } from './bare-activities';

const { noop } = proxyActivities<BenchActivities>({ startToCloseTimeout: '10 seconds' });

/** The baseline `npm run bench` measures: a workflow with N no-op activities and nothing else. */
export async function bareBenchWorkflow(input: { activities: number }): Promise<number> {
  for (let i = 0; i < input.activities; i++) await noop(i);
  return input.activities;
}
