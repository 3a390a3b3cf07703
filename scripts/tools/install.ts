import { ensureChromium } from './chromium';
import { ensureLocalstripe } from './localstripe';
import { ensureTemporal } from './temporal';

// `npm run tools`: installs every tool the stack and the tests need, in parallel.
const [temporal, localstripe, chromium] = await Promise.all([ensureTemporal(), ensureLocalstripe(), ensureChromium()]);
console.log(`temporal: ${temporal}\nlocalstripe: ${localstripe}\nchromium: ${chromium}`);
