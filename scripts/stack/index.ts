import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createDb } from '../../db/client';
import { migrateToLatest } from '../../db/migrate';
import { seedDemo } from '../../db/seed/demo';
import { parseEnv } from '../../server/env';
import { createStripeGateway } from '../../server/payments/stripe-gateway';
import { ensureDemoCards } from './demo-cards';
import { describeReconcileFailures, reconcileAll } from '../../server/services/reconcile';
import { ensureReconcileSchedule } from '../../server/temporal/schedules';
import { temporalConnectionOptions } from '../../server/temporal/connection';
import { ensureLocalstripe } from '../tools/localstripe.mjs';
import { ensureTemporal } from '../tools/temporal.mjs';
import { buildAppIfStale, buildWorkflowBundleIfStale, cancelAppBuild, WORKFLOW_BUNDLE } from './build';
import { configureLocalstripeWebhook, startLocalstripe } from './localstripe';
import { startMaildev } from './maildev';
import { startEmbeddedPostgres } from './postgres';
import { PROJECT_ROOT, type Profile } from './profile';
import { httpOk, isPortOpen, onServiceSpawn, startService, waitUntil, type Service } from './proc';
import { RunState } from './run-state';
import { loadOrCreateSecrets } from './secrets';
import { startTemporalDevServer, type TemporalDevServer } from './temporal';

export interface Stack {
  /** The environment the app, the worker and the tests run with. */
  env: Record<string, string>;
  urls: { app: string; temporalUi: string; inbox: string | null };
  /** Admin connection to the embedded PostgreSQL (tests create one database per file with it). */
  adminDatabaseUrl: string | null;
  maildevUrl: string | null;
  stripeApiBase: string | null;
  stop(): Promise<void>;
  /** Starts (or restarts) the worker process — the durability tests kill it on purpose. */
  startWorker(): Service;
  /** The embedded Temporal server (null with TEMPORAL_ADDRESS): the chaos run kills and restarts it. */
  temporal: TemporalDevServer | null;
  /** The web server's process group (null without the app): the bench reads its CPU time per page request. */
  webProcessGroup: number | null;
  /** How the start-up went: the tools' install or check, and the web app's build (null: it was up to date, or no app). */
  startup: { toolsMs: number; appBuildMs: number | null };
}

export interface StackOptions {
  /** Build and start the Next.js server and the worker. */
  app: boolean;
  /** Load the demo data (idempotent). */
  seed: boolean;
  /** Preload pg_stat_statements in the embedded PostgreSQL (the bench counts statements per order). */
  postgresStatements?: boolean;
  log?: (m: string) => void;
  /** Restart what crashes (npm start): reports each restart, or giving up, through this. Tests leave it off. */
  supervise?: (message: string) => void;
}

/**
 * Brings up every part Seatplan needs, embedded by default; a part whose environment variable is set
 * (DATABASE_URL, TEMPORAL_ADDRESS, STRIPE_SECRET_KEY, SMTP_URL) is used as given instead.
 */
export async function startStack(profile: Profile, opts: StackOptions): Promise<Stack> {
  const log = opts.log ?? console.log;
  const given = process.env;
  const logDir = path.join(profile.dataDir, 'logs');
  // Two tiers: the app (web, worker) stops first, then the servers it uses; each tier in parallel.
  const stoppers: Array<() => Promise<void>> = [];
  const appStoppers: Array<() => Promise<void>> = [];
  // Stops whatever a stack of this profile that was killed left running, and records what this one starts.
  const run = await RunState.claim(PROJECT_ROOT, profile.dataDir, log);
  onServiceSpawn((name, pid) => run.record(name, pid, { group: true }));
  const stop = async () => {
    const all = (list: Array<() => Promise<void>>) => Promise.all(list.splice(0).map((s) => s().catch((err) => console.error(err))));
    await all(appStoppers);
    await all(stoppers);
    onServiceSpawn(null);
    run.release();
  };
  try {
    // Checked first, like every other port: a web server left over from another run would otherwise
    // answer the readiness probe, and its pages would be served from someone else's code and data.
    if (opts.app && (await isPortOpen(profile.ports.app))) {
      throw new Error(`Port ${profile.ports.app} is already in use: is another Seatplan web server running? Stop it, or run on other ports with SEATPLAN_INSTANCE=N.`);
    }
    // The builds need no service: they run while the tools are installed and the services start (on a
    // fresh clone `next build` is most of the first start). Awaited where their output is needed.
    // `next build` is spawned first: the workflow bundle's webpack set-up holds this thread for seconds.
    const appBuild = opts.app ? buildAppIfStale(log) : Promise.resolve(null);
    const workflowBundle = buildWorkflowBundleIfStale(log);
    let appBuildMs: number | null = null;
    let webService: Service | null = null;
    for (const b of [workflowBundle, appBuild]) b.catch(() => undefined); // rethrown where awaited
    const useRealStripe = Boolean(given.STRIPE_SECRET_KEY);
    const toolsStarted = Date.now();
    const [temporalBin] = await Promise.all([
      given.TEMPORAL_ADDRESS ? Promise.resolve(null) : ensureTemporal(),
      useRealStripe ? Promise.resolve(null) : ensureLocalstripe(),
    ]);
    const toolsMs = Date.now() - toolsStarted;
    const secrets = loadOrCreateSecrets(profile.dataDir, log);
    let webhook: { url: string; secret: string } | null = null;
    log('• Starting PostgreSQL, Temporal, localstripe and MailDev…');
    const [pg, temporal, stripe, mail] = await Promise.all([
      given.DATABASE_URL ? null : startEmbeddedPostgres({ dataDir: profile.dataDir, port: profile.ports.postgres, database: 'seatplan', logDir, statements: opts.postgresStatements, report: log }),
      temporalBin
        ? startTemporalDevServer({ bin: temporalBin, dataDir: profile.dataDir, logDir, port: profile.ports.temporal, uiPort: profile.ports.temporalUi, httpPort: profile.ports.temporalHttp, metricsPort: profile.ports.temporalMetrics, namespace: 'default', supervise: opts.supervise })
        : null,
      useRealStripe ? null : startLocalstripe({ port: profile.ports.localstripe, logDir, storeFile: profile.persistStripe ? path.join(profile.dataDir, 'localstripe.pickle') : null, supervise: opts.supervise && { report: opts.supervise, webhook: () => webhook } }),
      given.SMTP_URL ? null : startMaildev({ smtpPort: profile.ports.smtp, webPort: profile.ports.maildevWeb, logDir, supervise: opts.supervise }),
    ]);
    if (pg) {
      run.record('postgres', pg.pid, { group: false, stopSignal: 'SIGINT' });
      stoppers.push(pg.stop);
    }
    if (temporal) stoppers.push(() => temporal.stop());
    if (stripe) stoppers.push(stripe.service.stop);
    if (mail) stoppers.push(mail.service.stop);

    const appUrl = given.APP_URL ?? `http://127.0.0.1:${profile.ports.app}`;
    const env: Record<string, string> = {
      NODE_ENV: 'production',
      APP_URL: appUrl,
      NEXTAUTH_URL: appUrl,
      AUTH_SECRET: given.AUTH_SECRET ?? secrets.authSecret,
      DATABASE_URL: given.DATABASE_URL ?? pg!.url,
      TEMPORAL_ADDRESS: given.TEMPORAL_ADDRESS ?? temporal!.address,
      TEMPORAL_NAMESPACE: given.TEMPORAL_NAMESPACE ?? 'default',
      TEMPORAL_UI_URL: given.TEMPORAL_UI_URL ?? temporal?.uiUrl ?? 'http://127.0.0.1:8233',
      STRIPE_SECRET_KEY: given.STRIPE_SECRET_KEY ?? 'sk_test_localstripe',
      STRIPE_PUBLISHABLE_KEY: given.STRIPE_PUBLISHABLE_KEY ?? 'pk_test_localstripe',
      STRIPE_WEBHOOK_SECRET: given.STRIPE_WEBHOOK_SECRET ?? secrets.webhookSecret,
      SMTP_URL: given.SMTP_URL ?? mail!.smtpUrl,
      PORT: String(profile.ports.app),
    };
    if (stripe) env.STRIPE_API_BASE = stripe.url;
    // Pass through every other Seatplan setting the user gave (seller, mail sender, Temporal TLS…).
    for (const [k, v] of Object.entries(given)) {
      if (v !== undefined && !(k in env) && /^(TEMPORAL_|SELLER_|MAIL_FROM|TRIAL_|RENEWAL_|RECONCILE_|CORPORATE_|OPS_|DATABASE_POOL_MAX|STRIPE_API_BASE|VIES_URL|SESSION_)/.test(k)) env[k] = v;
    }
    const parsed = parseEnv(env); // fail early with a clear message on a bad value

    const db = createDb(env.DATABASE_URL!, { max: 2 });
    try {
      await migrateToLatest(db);
      if (opts.seed) {
        await seedDemo(db);
        // The demo renewals' cards live in Stripe: saved now that localstripe (or test mode) is up.
        await ensureDemoCards({ db, payments: createStripeGateway(parsed) });
      }
    } finally {
      await db.destroy();
    }

    await workflowBundle;
    const processEnv = () => ({ ...process.env, ...env, WORKFLOW_BUNDLE_PATH: WORKFLOW_BUNDLE });
    const startWorker = () => {
      const worker = startService('worker', path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [path.join(PROJECT_ROOT, 'workflows', 'worker.ts')], { env: processEnv(), logDir, cwd: PROJECT_ROOT, supervise: opts.supervise && { report: opts.supervise } });
      appStoppers.push(worker.stop);
      return worker;
    };

    if (opts.app) {
      // The worker and the reconcilers need no web app: they start while `next build` runs (on a fresh
      // clone the build is most of the start), so only the web server's own start comes after it.
      log('• Starting the worker…');
      startWorker();
      const reconciled = reconcileOnceAndSchedule(parsed, env.DATABASE_URL!, log);
      reconciled.catch(() => undefined); // rethrown where awaited
      appBuildMs = await appBuild;
      log('• Starting the web server…');
      const web = startService('web', path.join(PROJECT_ROOT, 'node_modules', '.bin', 'next'), ['start', '-p', String(profile.ports.app), '-H', '127.0.0.1'], { env: processEnv(), logDir, cwd: PROJECT_ROOT, supervise: opts.supervise && { report: opts.supervise } });
      appStoppers.push(web.stop);
      webService = web;
      await waitUntil('Web server', () => httpOk(`${appUrl}/`), { timeoutMs: 60_000, service: web });
      if (stripe) {
        webhook = { url: `${appUrl}/api/stripe/webhook`, secret: env.STRIPE_WEBHOOK_SECRET! };
        await configureLocalstripeWebhook(stripe.url, webhook.url, webhook.secret);
      }
      await reconciled;
    }

    return {
      env,
      urls: { app: appUrl, temporalUi: env.TEMPORAL_UI_URL!, inbox: mail?.webUrl ?? null },
      adminDatabaseUrl: pg?.adminUrl ?? null,
      maildevUrl: mail?.webUrl ?? null,
      stripeApiBase: stripe?.url ?? null,
      stop,
      startWorker,
      temporal,
      startup: { toolsMs, appBuildMs },
      get webProcessGroup() { return webService?.child.pid ?? null; },
    };
  } catch (err) {
    cancelAppBuild();
    await stop();
    throw err;
  }
}

/**
 * Every reconciler once (server/services/reconcile.ts): the demo data's workflows, and every start lost
 * while the stack was down; then the schedule that repeats it while the stack runs (a start lost while
 * it runs is picked up without a restart).
 */
async function reconcileOnceAndSchedule(parsed: ReturnType<typeof parseEnv>, databaseUrl: string, log: (m: string) => void) {
  const connection = await Connection.connect(temporalConnectionOptions(parsed));
  try {
    const client = new Client({ connection, namespace: parsed.TEMPORAL_NAMESPACE });
    const db = createDb(databaseUrl, { max: 2 });
    try {
      const summary = await reconcileAll({ db, temporal: async () => client, taskQueue: parsed.TEMPORAL_TASK_QUEUE, trialReminderDays: parsed.TRIAL_REMINDER_DAYS });
      // A row that cannot be repaired (bad data) does not stop the start: named here, and by every periodic pass until fixed.
      const failures = describeReconcileFailures(summary);
      if (failures) log(`• Reconcile: ${failures}`);
      await ensureReconcileSchedule(client, parsed.TEMPORAL_TASK_QUEUE, parsed.RECONCILE_INTERVAL_SECONDS);
    } finally {
      await db.destroy();
    }
  } finally {
    await connection.close();
  }
}
