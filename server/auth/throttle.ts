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
 * its counters in one table, `auth_throttle` (key, points, expire), made by migration 0020. Expired
 * rows are deleted now and then by whichever process spends a point (`purgeExpired`).
 *
 * Callers spend first and refund afterwards (`hit`, then `refund` or `clear`): a check made before
 * the work and recorded after it lets N parallel requests all pass the check (issue 14 item 7).
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
      const make = (name: RuleName) =>
        new Promise<RateLimiterPostgres>((resolve, reject) => {
          const limiter: RateLimiterPostgres = new RateLimiterPostgres(
            {
              storeClient: client,
              storeType: 'pool',
              tableName: 'auth_throttle',
              tableCreated: true,
              keyPrefix: name,
              points: RULES[name].points,
              duration: RULES[name].durationSeconds,
              inMemoryBlockOnConsumed: 0,
              clearExpiredByTimeout: false,
            },
            // The callback runs inside the constructor (the table exists): defer until `limiter` is assigned.
            (err?: unknown) => queueMicrotask(() => (err ? reject(err) : resolve(limiter))),
          );
        });
      const names = Object.keys(RULES) as RuleName[];
      const made = await Promise.all(names.map((n) => make(n)));
      return Object.fromEntries(names.map((n, i) => [n, made[i]!])) as Limiters;
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
  purgeSoon(db);
  try {
    const res = await (await limiters(db))[rule].consume(key, 1);
    return { blocked: false, retryAfterMinutes: minutes(res.msBeforeNext) };
  } catch (err) {
    if (err instanceof RateLimiterRes) return { blocked: true, retryAfterMinutes: minutes(err.msBeforeNext) };
    throw err;
  }
}

/** Gives back one point spent by `hit` (an attempt that turned out fine, or one refused unread). */
export async function refund(db: Db, rule: RuleName, key: string): Promise<void> {
  await (await limiters(db))[rule].reward(key, 1);
}

/**
 * Spends a point of every rule at once, before the work they guard. When any is over its budget the
 * attempt is refused unread and costs nothing (every point is given back): only the attempts that
 * got through count, so N parallel requests get exactly the budget, not N tries.
 */
export async function spendOrRefuse(db: Db, charges: Array<{ rule: RuleName; key: string }>): Promise<ThrottleState> {
  const states = await Promise.all(charges.map((c) => hit(db, c.rule, c.key)));
  const state = worst(...states);
  if (state.blocked) await Promise.all(charges.map((c) => refund(db, c.rule, c.key)));
  return state;
}

/** Deletes the counters whose window has ended (the library's `expire`, epoch milliseconds). */
export async function purgeExpired(db: Db, now = Date.now()): Promise<number> {
  const r = await db.deleteFrom('auth_throttle').where('expire', '<', BigInt(now)).executeTakeFirst();
  return Number(r.numDeletedRows);
}

const PURGE_EVERY_MS = 10 * 60_000;
const lastPurge = new WeakMap<Db, number>();
function purgeSoon(db: Db) {
  const last = lastPurge.get(db) ?? 0;
  if (Date.now() - last < PURGE_EVERY_MS) return;
  lastPurge.set(db, Date.now());
  purgeExpired(db).catch((err) => console.error('[throttle] purge of expired rows failed:', err));
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
