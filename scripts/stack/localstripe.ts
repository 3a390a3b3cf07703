import path from 'node:path';
import { localstripeVenv } from '../tools/paths.mjs';
import { httpOk, startService, waitUntil, isPortOpen, type Service } from './proc';

/**
 * localstripe on loopback, its store in a file of the profile (or memory for tests), with a webhook
 * endpoint pointing at the app, signed with the given secret — as Stripe would sign it.
 */
export async function startLocalstripe(opts: { port: number; logDir: string; storeFile: string | null; supervise?: { report: (message: string) => void; webhook: () => { url: string; secret: string } | null } }) {
  if (await isPortOpen(opts.port)) throw new Error(`Port ${opts.port} is already in use: is another localstripe running?`);
  const launcher = path.join(import.meta.dirname, 'localstripe-launcher.py');
  const url = `http://localhost:${opts.port}`;
  const ready = (s: Service) => waitUntil('localstripe', () => httpOk(`${url}/js.stripe.com/v3/`), { timeoutMs: 30_000, service: s });
  const sup = opts.supervise;
  const service: Service = startService('localstripe', path.join(localstripeVenv, 'bin', 'python'), [launcher, opts.storeFile ?? '', '--port', String(opts.port)], {
    logDir: opts.logDir,
    // A restarted localstripe has its store back (from the file) but not its webhook endpoint, which lives in memory.
    supervise: sup && {
      report: sup.report,
      onRestart: async () => {
        await ready(service);
        const hook = sup.webhook();
        if (hook) await configureLocalstripeWebhook(url, hook.url, hook.secret);
        sup.report('• localstripe is back');
      },
    },
  });
  await ready(service);
  return { url, service };
}

export async function configureLocalstripeWebhook(stripeUrl: string, webhookUrl: string, secret: string) {
  const res = await fetch(`${stripeUrl}/_config/webhooks/seatplan`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ url: webhookUrl, secret }).toString(),
  });
  if (!res.ok) throw new Error(`localstripe refused the webhook configuration: ${res.status} ${await res.text()}`);
}
