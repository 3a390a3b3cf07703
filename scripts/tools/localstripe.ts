import { existsSync } from 'node:fs';
import { run } from './run';
import { LOCALSTRIPE_VERSION, localstripeBin, localstripeVenv } from './paths';

/** localstripe (a stateful Stripe API fake from PyPI) in its own venv in the user cache. */
export async function ensureLocalstripe(): Promise<string> {
  if (existsSync(localstripeBin)) return localstripeBin;
  console.log(`• Installing localstripe ${LOCALSTRIPE_VERSION} into ${localstripeVenv}…`);
  await run('python3', ['-m', 'venv', localstripeVenv], { label: 'venv' });
  await run(`${localstripeVenv}/bin/pip`, ['install', '--quiet', `localstripe==${LOCALSTRIPE_VERSION}`], { label: 'pip' });
  return localstripeBin;
}
