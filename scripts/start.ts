import { startStack } from './stack/index';
import { profile } from './stack/profile';
import { recordStart } from './start-report';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../db/seed/demo';

// `npm start`: everything Seatplan needs, embedded, with demo data; Ctrl-C stops it all.
const started = Date.now();
// Supervised: a part that crashes is restarted with back-off (or left down, said so, after repeated fast crashes).
const stack = await startStack(profile('dev'), { app: true, seed: true, supervise: (message) => console.log(message) });

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
