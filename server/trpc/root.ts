import { createCallerFactory, router } from './init';
import { subscriptionsRouter } from './routers/subscriptions';

export const appRouter = router({
  subscriptions: subscriptionsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
