import type { Client } from '@temporalio/client';
import type { Db } from '../../db/client';
import type { PaymentGateway } from '../payments/stripe-gateway';

/**
 * The one set of dependencies the use cases take (each takes the `Pick` it needs): built per request
 * from the tRPC context and configuration (`serviceDeps` in server/trpc/routers/billing-deps.ts), or by
 * a test or script with its own parts.
 */
export interface ServiceDeps {
  db: Db;
  temporal: () => Promise<Client>;
  now: () => Date;
  /** Task queue new workflows go to (tests use their own). */
  taskQueue: string;
  payments: PaymentGateway;
  /** SELLER_COUNTRY: decides EU reverse charge. */
  sellerCountry: string;
  /** Signs BC-4 quote tokens: the key derived for them (server/secrets.ts), never AUTH_SECRET itself. */
  quoteSecret: string | Buffer;
  /** TRIAL_REMINDER_DAYS: days before a trial's end when reminders go out. */
  reminderDaysBefore: number[];
}
