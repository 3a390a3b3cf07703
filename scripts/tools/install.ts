import { ensureChromium } from './chromium.mjs';
import { ensureLocalstripe } from './localstripe.mjs';
import { ensureTemporal } from './temporal.mjs';
import { ensureTemporalTestServer } from './temporal-test-server.mjs';

// `npm run tools`: installs every tool the stack and the tests need, in parallel.
const [temporal, localstripe, chromium, testServer] = await Promise.all([ensureTemporal(), ensureLocalstripe(), ensureChromium(), ensureTemporalTestServer()]);
console.log(`temporal: ${temporal}\nlocalstripe: ${localstripe}\nchromium: ${chromium}\ntime-skipping test server: ${testServer}`);
