import pg from 'pg';

/**
 * Waits for an order to change, told by PostgreSQL (`order_changed`, migration 0053) rather than found
 * by polling: one connection per process LISTENs, and every waiter for an order is woken when a
 * transaction that touched the order commits. A lost connection wakes everyone (they read again) and
 * the next wait connects anew, so a waiter may wake without a change but never sleeps through one
 * that committed after it started listening.
 */
export interface OrderChanges {
  /**
   * Starts listening for `orderId` now. `listening` resolves (true) once the LISTEN is in force — read the
   * order after it, so a change committed between the read and the wait is not missed — and
   * `changed` when the order changed, the wait timed out, `signal` aborted or the connection dropped.
   * `cancel` forgets the waiter (always call it). `listening` is false when the database cannot be
   * listened to: the caller answers with one read instead of waiting.
   */
  watch(orderId: string, timeoutMs: number, signal?: AbortSignal): { listening: Promise<boolean>; changed: Promise<void>; cancel: () => void };
  close(): Promise<void>;
}

export function createOrderChanges(connectionString: string): OrderChanges {
  const waiters = new Map<string, Set<() => void>>();
  let client: Promise<pg.Client> | null = null;

  const wakeAll = () => {
    for (const set of waiters.values()) for (const wake of [...set]) wake();
  };
  const connect = (): Promise<pg.Client> => {
    const c = new pg.Client({ connectionString, application_name: 'seatplan-order-changes' });
    c.on('notification', (n) => {
      for (const wake of [...(waiters.get(n.payload ?? '') ?? [])]) wake();
    });
    // A dropped connection: whoever waits reads again; the next watch connects a new client.
    const lost = () => {
      if (client === pending) client = null;
      wakeAll();
    };
    c.on('error', lost);
    c.on('end', lost);
    const pending = c.connect().then(async () => {
      await c.query('LISTEN order_changed');
      return c;
    });
    pending.catch(lost);
    return pending;
  };

  return {
    watch(orderId, timeoutMs, signal) {
      let wake!: () => void;
      const changed = new Promise<void>((resolve) => (wake = resolve));
      const set = waiters.get(orderId) ?? new Set();
      waiters.set(orderId, set);
      const timer = setTimeout(() => wake(), timeoutMs);
      const onAbort = () => wake();
      signal?.addEventListener('abort', onAbort, { once: true });
      set.add(wake);
      const cancel = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        set.delete(wake);
        if (set.size === 0 && waiters.get(orderId) === set) waiters.delete(orderId);
        wake();
      };
      client ??= connect();
      const listening = client.then(() => true, () => {
        cancel();
        return false;
      });
      return { listening, changed, cancel };
    },
    async close() {
      const c = client;
      client = null;
      wakeAll();
      if (c) await c.then((x) => x.end(), () => undefined);
    },
  };
}
