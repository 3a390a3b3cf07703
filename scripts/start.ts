import { buildAppIfStale } from './stack/build';
import { isPortOpen } from './stack/proc';
import { PROJECT_ROOT, profile } from './stack/profile';
import { RunState } from './stack/run-state';

// `npm start`: everything Seatplan needs, embedded, with demo data; Ctrl-C stops it all.
const started = Date.now();
const dev = profile('dev');
// The web app's build starts before the rest of the stack is loaded (~5 s of module loading here), and
// startStack shares it: on a fresh clone the build is most of the start. Only once this profile is ours
// (another live stack is refused here, as startStack would) and its web port is free, since a build
// empties the folder a running web server serves from; startStack claims it again and checks the port.
await RunState.claim(PROJECT_ROOT, dev.dataDir, console.log);
if (!(await isPortOpen(dev.ports.app))) void buildAppIfStale(console.log).catch(() => undefined); // a failure is reported by startStack
const { startStack } = await import('./stack/index');
const { recordStart } = await import('./start-report');
const { DEMO_LOGINS, DEMO_PASSWORD } = await import('../db/seed/demo');
// Supervised: a part that crashes is restarted with back-off (or left down, said so, after repeated fast crashes).
const stack = await startStack(dev, { app: true, seed: true, supervise: (message) => console.log(message) });

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping Seatplan…');
  await stack.stop();
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, shutdown);

const pad = (s: string, n: number) => s.padEnd(n);
const took = recordStart(started, stack.startup);
console.log(`
Seatplan is running (ready in ${took})

  App           ${stack.urls.app}
  Temporal UI   ${stack.urls.temporalUi}
  Inbox         ${stack.urls.inbox ?? '(external SMTP)'}
  Logs          .data/dev/logs/

Demo logins (password for all: ${DEMO_PASSWORD}) — product users sign in at /signin
${DEMO_LOGINS.map((u) => `  ${pad(u.realm, 8)} ${pad(u.login, 30)} ${pad(u.account ?? '', 20)} ${u.what}`).join('\n')}

Press Ctrl-C to stop.`);
