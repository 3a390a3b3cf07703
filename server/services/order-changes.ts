import { createHash } from 'node:crypto';
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

/** How long one read waits for a change before it answers unchanged (well under proxies' idle limits). */
export const ORDER_WAIT_MS = 20_000;

export interface WatchOptions {
  /** The version the reader already shows; absent: answer at once. */
  after?: string;
  signal?: AbortSignal;
  waitMs?: number;
}

/** Nothing more will change on an order's page: it ended (completed with its email out, or failed). */
export const orderSettled = (o: { status: string; emailSent: boolean }) => o.status === 'failed' || o.status === 'cancelled' || (o.status === 'completed' && o.emailSent);

/** A fingerprint of everything a view shows: equal versions, equal pages. */
export function viewVersion(view: unknown): string {
  return createHash('sha256').update(JSON.stringify(view, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).digest('base64url').slice(0, 22);
}

/**
 * A page's read of something an order's workflow is working on (the order page, an invoice payment's
 * progress): the view with its version; given the version the page already shows (`after`), it answers
 * when the view has changed from it — at once if it already has, else when a change of the order
 * commits (order_changed) or after `waitMs` unchanged. `read` refuses what the reader may not see
 * before any wait; a `settled` view never waits.
 */
export async function readWhenChanged<T>(changes: OrderChanges | undefined, orderId: string, read: () => Promise<T>, settled: (view: T) => boolean, opts: WatchOptions): Promise<T & { version: string }> {
  const versioned = async () => {
    const view = await read();
    return { ...view, version: viewVersion(view) };
  };
  if (!opts.after || !changes) return versioned();
  const deadline = Date.now() + (opts.waitMs ?? ORDER_WAIT_MS);
  for (;;) {
    // Listening before the read: a change committed after it is heard.
    const watch = changes.watch(orderId, Math.max(0, deadline - Date.now()), opts.signal);
    try {
      const listening = await watch.listening;
      const now = await versioned();
      // Answered: changed, settled, out of time (a touch that changed nothing the page shows waits on), or
      // nothing to wait with (the listener cannot reach the database: the page reads again later).
      if (!listening || now.version !== opts.after || settled(now) || Date.now() >= deadline || opts.signal?.aborted) return now;
      await watch.changed;
    } finally {
      watch.cancel();
    }
  }
}
