import { CompiledQuery } from 'kysely';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../../db/client';

/**
 * Throttling for sign-in, password-reset requests and "Email billing admin", kept in PostgreSQL
 * (rate-limiter-flexible's Postgres store) so that N web instances behind a load balancer share one
 * count: an attacker cannot multiply the budget by spreading attempts over instances, and a restart
 * forgets nothing. The library's per-process in-memory block cache is switched off for the same reason.
 *
 * The store talks to PostgreSQL through the app's own Kysely pool (a small adapter below), and keeps
 * its counters in one table, `auth_throttle` (key, points, expire), which it creates on first use.
 */
export interface Rule {
  /** Budget per window. */
  points: number;
  /** Window length in seconds (fixed window from the first hit). */
  durationSeconds: number;
}

/** The rules in force; exported so tests and the README quote the same numbers. */
export const RULES = {
  /** CP-1 / product / staff sign-in: failures per user ID (per realm). */
  signInPerLogin: { points: 5, durationSeconds: 15 * 60 },
  /** Sign-in failures per client address, all realms together. */
  signInPerAddress: { points: 30, durationSeconds: 15 * 60 },
  /** CP-2 reset emails per user ID (per realm): beyond it the request is silently dropped. */
  resetPerLogin: { points: 3, durationSeconds: 60 * 60 },
  /** Reset requests per client address. */
  resetPerAddress: { points: 20, durationSeconds: 60 * 60 },
  /** AC-1 "Email billing admin" messages per sender. */
  billingAdminEmailPerUser: { points: 3, durationSeconds: 60 * 60 },
} as const satisfies Record<string, Rule>;

export type RuleName = keyof typeof RULES;

/** pg-Pool-shaped adapter over Kysely: `query({ text, values })` → `{ rows, rowCount }`. */
function poolAdapter(db: Db) {
  return {
    async query(q: { text: string; values?: unknown[] }) {
      const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(q.text, q.values ?? []));
      // Our pool parses int8 as bigint; the library does arithmetic with numbers (expire is epoch ms).
      const rows = result.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
      return { rows, rowCount: result.numAffectedRows !== undefined ? Number(result.numAffectedRows) : rows.length };
    },
  };
}

type Limiters = Record<RuleName, RateLimiterPostgres>;
const perDb = new WeakMap<Db, Promise<Limiters>>();

function limiters(db: Db): Promise<Limiters> {
  let ready = perDb.get(db);
  if (!ready) {
    ready = (async () => {
      const client = poolAdapter(db);
      const make = (name: RuleName, tableCreated: boolean) =>
        new Promise<RateLimiterPostgres>((resolve, reject) => {
          const limiter: RateLimiterPostgres = new RateLimiterPostgres(
            {
              storeClient: client,
              storeType: 'pool',
              tableName: 'auth_throttle',
              tableCreated,
              keyPrefix: name,
              points: RULES[name].points,
              duration: RULES[name].durationSeconds,
              inMemoryBlockOnConsumed: 0,
              clearExpiredByTimeout: false,
            },
            // The callback may run inside the constructor (tableCreated): defer until `limiter` is assigned.
            (err?: unknown) => queueMicrotask(() => (err ? reject(err) : resolve(limiter))),
          );
        });
      const names = Object.keys(RULES) as RuleName[];
      // The first creates the table; the others then know it exists.
      const first = await make(names[0]!, false);
      const rest = await Promise.all(names.slice(1).map((n) => make(n, true)));
      return Object.fromEntries(names.map((n, i) => [n, i === 0 ? first : rest[i - 1]!])) as Limiters;
    })();
    ready.catch(() => perDb.delete(db));
    perDb.set(db, ready);
  }
  return ready;
}

export interface ThrottleState {
  /** True when the budget is spent: refuse before doing the work. */
  blocked: boolean;
  /** Whole minutes until the window ends (≥ 1 when blocked). */
  retryAfterMinutes: number;
}

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

/** Reads the count for `key` without spending anything. */
export async function peek(db: Db, rule: RuleName, key: string): Promise<ThrottleState> {
  const res = await (await limiters(db))[rule].get(key);
  const used = res?.consumedPoints ?? 0;
  const blocked = used >= RULES[rule].points;
  return { blocked, retryAfterMinutes: blocked && res ? minutes(res.msBeforeNext) : 0 };
}

/** Spends one point; returns whether the budget was already spent before this hit. */
export async function hit(db: Db, rule: RuleName, key: string): Promise<ThrottleState> {
  try {
    const res = await (await limiters(db))[rule].consume(key, 1);
    return { blocked: false, retryAfterMinutes: minutes(res.msBeforeNext) };
  } catch (err) {
    if (err instanceof RateLimiterRes) return { blocked: true, retryAfterMinutes: minutes(err.msBeforeNext) };
    throw err;
  }
}

/** Forgets the count for `key` (a successful sign-in clears the user ID's failures). */
export async function clear(db: Db, rule: RuleName, key: string): Promise<void> {
  await (await limiters(db))[rule].delete(key);
}

/** The most restrictive of several states (e.g. per user ID and per address). */
export function worst(...states: ThrottleState[]): ThrottleState {
  const blocked = states.filter((s) => s.blocked);
  if (blocked.length === 0) return { blocked: false, retryAfterMinutes: 0 };
  return { blocked: true, retryAfterMinutes: Math.max(...blocked.map((s) => s.retryAfterMinutes)) };
}
