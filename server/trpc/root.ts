import { createCallerFactory, router } from './init';
import { subscriptionsRouter } from './routers/subscriptions';
import { accountRouter } from './routers/account';
import { adminRouter } from './routers/admin';
import { authRouter } from './routers/auth';
import { portalRouter } from './routers/portal';
import { staffRouter } from './routers/staff';
import { backofficeRouter } from './routers/backoffice';
import { opsRouter } from './routers/ops';
import { cartRouter } from './routers/cart';
import { checkoutRouter } from './routers/checkout';
import { ordersRouter } from './routers/orders';
import { invoicesRouter } from './routers/invoices';
import { seatsRouter } from './routers/seats';
import { subscriptionChangeRouter } from './routers/subscription-change';

export const appRouter = router({
  subscriptions: subscriptionsRouter,
  account: accountRouter,
  admin: adminRouter,
  auth: authRouter,
  portal: portalRouter,
  staff: staffRouter,
  backoffice: backofficeRouter,
  ops: opsRouter,
  cart: cartRouter,
  checkout: checkoutRouter,
  orders: ordersRouter,
  invoices: invoicesRouter,
  seats: seatsRouter,
  subscriptionChange: subscriptionChangeRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
