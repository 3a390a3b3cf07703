import { afterAll, beforeAll } from 'vitest';
import { seedDemo } from '../../db/seed/demo';
import { createSmtpMailer, type Mailer } from '../../server/email/transport';
import { env } from '../../server/env';
import type { Locale } from '../../server/i18n/messages';
import { createOrderChanges, type OrderChanges } from '../../server/services/order-changes';
import { createCaller } from '../../server/trpc/root';
import { testPayments } from './callers';
import { createTestDatabase, type TestDatabase } from './db';
import { sessionFor, type Who } from './realms';
import { startTestWorker, type TestWorkerOptions } from './temporal';

/**
 * What the quote and service-order integration files share: their own seeded database, an in-process
 * worker on its own task queue, SMTP to MailDev, and callers of any realm with Temporal available and,
 * like the web server's, the order-change listener (a read with `after` waits for a change).
 */
export function useQuoteStack(opts: TestWorkerOptions = {}) {
  let t: TestDatabase | undefined;
  let mailer: Mailer | undefined;
  let worker: Awaited<ReturnType<typeof startTestWorker>> | undefined;
  let orderChanges: OrderChanges | undefined;
  beforeAll(async () => {
    t = await createTestDatabase();
    orderChanges = createOrderChanges(t.url);
    await seedDemo(t.db);
    mailer = createSmtpMailer(env());
    worker = await startTestWorker(t.db, opts);
  });
  afterAll(async () => {
    await worker?.stop();
    await orderChanges?.close();
    mailer?.close();
    await t?.drop();
  });
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('use the quote stack inside tests, after beforeAll');
    return v;
  };
  return {
    get db() { return ready(t).db; },
    get worker() { return ready(worker); },
    get mailer() { return ready(mailer); },
    async as(who: Who, locale: Locale = 'en') {
      return createCaller({ db: ready(t).db, temporal: async () => ready(worker).client, taskQueue: ready(worker).taskQueue, payments: testPayments(), now: () => new Date(), session: await sessionFor(ready(t).db, who), mailer, locale, orderChanges });
    },
  };
}
