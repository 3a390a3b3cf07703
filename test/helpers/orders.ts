import type { callerFor } from './callers';

type Caller = Awaited<ReturnType<typeof callerFor>>;

const ended = (status: string) => status === 'completed' || status === 'failed' || status === 'cancelled';

/**
 * Follows an order through the order page's procedure, as the page does, until `done` holds for its
 * status (by default: the order ended — completed, failed or cancelled); fails after `timeoutMs`.
 */
export async function waitForOrder(caller: Caller, orderId: string, opts: { done?: (status: string) => boolean; timeoutMs?: number } = {}) {
  const done = opts.done ?? ended;
  const tries = Math.ceil((opts.timeoutMs ?? 30_000) / 100);
  for (let i = 0; i < tries; i++) {
    const o = await caller.orders.get({ orderId });
    if (done(o.status)) return o;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`order ${orderId} did not finish`);
}
