import 'server-only';
import { createDb, type Db } from '../db/client';
import { env } from './env';
import { createSmtpMailer, type Mailer } from './email/transport';
import { createStripeGateway, type PaymentGateway } from './payments/stripe-gateway';
import { createOrderChanges, type OrderChanges } from './services/order-changes';

/** Process-wide singletons for the web server, created on first use (never during `next build`). */
const g = globalThis as unknown as { __seatplan?: { db?: Db; payments?: PaymentGateway; mailer?: Mailer; orderChanges?: OrderChanges } };
const cache = (g.__seatplan ??= {});

export const getDb = () => (cache.db ??= createDb(env().DATABASE_URL, { max: env().DATABASE_POOL_MAX }));
export const getPayments = () => (cache.payments ??= createStripeGateway(env()));
export const getMailer = () => (cache.mailer ??= createSmtpMailer(env()));
export const getOrderChanges = () => (cache.orderChanges ??= createOrderChanges(env().DATABASE_URL));
