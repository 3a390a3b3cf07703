// @ts-check
import { existsSync } from 'node:fs';
import { run } from './run.mjs';
import { LOCALSTRIPE_VERSION, localstripeBin, localstripeVenv } from './paths.mjs';

/**
 * localstripe (a stateful Stripe API fake from PyPI) in its own venv in the user cache.
 * @returns {Promise<string>}
 */
export async function ensureLocalstripe() {
  if (existsSync(localstripeBin)) return localstripeBin;
  console.log(`• Installing localstripe ${LOCALSTRIPE_VERSION} into ${localstripeVenv}…`);
  await run('python3', ['-m', 'venv', localstripeVenv], { label: 'venv' });
  await run(`${localstripeVenv}/bin/pip`, ['install', '--quiet', `localstripe==${LOCALSTRIPE_VERSION}`], { label: 'pip' });
  return localstripeBin;
}
