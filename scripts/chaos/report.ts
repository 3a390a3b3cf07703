import path from 'node:path';
import { PROJECT_ROOT } from '../stack/profile';
import { renderFigures } from './reconcile';
import type { ChaosRun } from './run';

/** Where `npm run chaos` leaves its last figures, which `npm run bench` adds to its report. */
export const CHAOS_LATEST = path.join(PROJECT_ROOT, '.bench', 'chaos-latest.md');

/** The run's faults, figures and (if any) the orders behind each violation, as `npm run chaos` prints them. */
export function printRun(run: ChaosRun, print: (m: string) => void = console.log) {
  const fired = run.faults.filter((f) => f.fired);
  const by = (kind: string) => fired.filter((f) => f.kind === kind).length;
  print(`\nChaos run, seed ${run.seed}: ${run.attempts.length} orders, ${run.accounts.length} accounts, ${run.seconds.toFixed(0)} s; faults fired: ${by('kill worker')} worker kills, ${by('kill Temporal server')} Temporal server kills, ${by('cut database connections')} database cut\n`);
  print(renderFigures(run.reconciliation));
  for (const [label, items] of Object.entries(run.reconciliation.details)) {
    print(`\n✗ ${label}:\n${items.slice(0, 20).map((i) => `  - ${i}`).join('\n')}${items.length > 20 ? `\n  … and ${items.length - 20} more` : ''}`);
  }
  print(run.reconciliation.violations === 0 ? '\nNo violation.' : `\n${run.reconciliation.violations} violation(s). Replay the plan with CHAOS_SEED=${run.seed}.`);
}
