import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './stack/profile';
import type { Stack } from './stack/index';

/** Where `npm start` leaves the figures of its last start; the next `npm run bench` report closes with them. */
export const START_LATEST = path.join(PROJECT_ROOT, '.bench', 'start-latest.md');

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * The figures of this start — from `npm start` to ready, and what went into it: the npm install
 * (scripts/launch.mjs passes when it started, how long it installed and the tools it installed alongside),
 * the tools, the web app's build — written to .bench/ for the bench report. Returns the sentence `npm
 * start` prints.
 */
export function recordStart(scriptStarted: number, startup: Stack['startup']): string {
  const launch = parseLaunch(process.env.SEATPLAN_LAUNCH);
  const now = Date.now();
  const total = now - (launch?.at ?? scriptStarted);
  const parts = [
    launch && launch.installMs > 0 ? `npm install ${seconds(launch.installMs)}${launch.toolsMs > 0 ? ` (the tools alongside it, ${seconds(launch.toolsMs)})` : ''}` : 'npm packages already installed',
    `tools ${seconds(startup.toolsMs)}`,
    startup.appBuildMs === null ? 'web app build up to date' : `next build ${seconds(startup.appBuildMs)} (alongside the services' start)`,
  ];
  const cold = Boolean(launch && launch.installMs > 0 && startup.appBuildMs !== null);
  const lines = [
    `Last \`npm start\` (${PROJECT_ROOT}, ${new Date(now).toISOString()}): ready ${seconds(total)} after \`npm start\` — ${parts.join(', ')}.`,
    cold ? 'A cold start: the npm packages were installed and the web app built (a fresh clone).' : 'Not a cold start (something was already installed or built).',
  ];
  try {
    mkdirSync(path.dirname(START_LATEST), { recursive: true });
    writeFileSync(START_LATEST, `${lines.join('\n')}\n`);
  } catch {
    // A read-only checkout still starts; the figures are only for the bench report.
  }
  return `${seconds(total)}: ${parts.join(', ')}`;
}

function parseLaunch(raw: string | undefined): { at: number; installMs: number; toolsMs: number } | null {
  try {
    const v = raw ? (JSON.parse(raw) as { at?: unknown; installMs?: unknown; toolsMs?: unknown }) : null;
    return v && typeof v.at === 'number' && typeof v.installMs === 'number' ? { at: v.at, installMs: v.installMs, toolsMs: typeof v.toolsMs === 'number' ? v.toolsMs : 0 } : null;
  } catch {
    return null;
  }
}
