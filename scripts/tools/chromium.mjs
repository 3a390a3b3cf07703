// @ts-check
import { existsSync } from 'node:fs';
import { run } from './run.mjs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's chromium for the browser tests; playwright-core cannot download a browser here.
 * @returns {Promise<string>}
 */
export async function ensureChromium() {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (process.getuid?.() !== 0) throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: install Debian's "chromium" package (apt-get install chromium).`);
  console.log('• Installing Debian chromium for the browser tests…');
  await run('apt-get', ['update', '-qq'], { label: 'apt-get' });
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    label: 'apt-get',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return CHROMIUM_PATH;
}
