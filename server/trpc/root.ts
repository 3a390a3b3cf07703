import { createCallerFactory, router } from './init';
import { subscriptionsRouter } from './routers/subscriptions';
import { cartRouter } from './routers/cart';
import { checkoutRouter } from './routers/checkout';
import { ordersRouter } from './routers/orders';

export const appRouter = router({
  subscriptions: subscriptionsRouter,
  cart: cartRouter,
  checkout: checkoutRouter,
  orders: ordersRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
