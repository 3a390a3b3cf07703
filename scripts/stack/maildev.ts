import path from 'node:path';
import { PROJECT_ROOT } from './profile';
import { httpOk, isPortOpen, startService, waitUntil } from './proc';

/** MailDev: a real SMTP server on loopback with an inbox UI and a REST API the tests read. */
export async function startMaildev(opts: { smtpPort: number; webPort: number; logDir: string; supervise?: (message: string) => void }) {
  if (await isPortOpen(opts.smtpPort)) throw new Error(`Port ${opts.smtpPort} is already in use: is another MailDev running?`);
  const bin = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'maildev');
  const service = startService('maildev', bin, ['--smtp', String(opts.smtpPort), '--ip', '127.0.0.1', '--web', String(opts.webPort), '--web-ip', '127.0.0.1'], { logDir: opts.logDir, supervise: opts.supervise && { report: opts.supervise } });
  const webUrl = `http://127.0.0.1:${opts.webPort}`;
  await waitUntil('MailDev', () => httpOk(`${webUrl}/api/healthz`), { timeoutMs: 30_000, service });
  return { smtpUrl: `smtp://127.0.0.1:${opts.smtpPort}`, webUrl, service };
}
