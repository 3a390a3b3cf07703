import { createBenchActivities } from './bench';
import { createTrialActivities, type TrialActivityDeps } from './trial';

/** All I/O the workflows do, built from explicit dependencies so tests can pass their own. */
export function createActivities(deps: TrialActivityDeps) {
  return { ...createTrialActivities(deps), ...createBenchActivities() };
}
