/**
 * FUZZ — every tRPC procedure of appRouter, with invalid inputs generated from its own zod schema
 * (test/helpers/invalid-inputs.ts), called as every realm and role found in the demo data (issue 14
 * item 10). None may succeed, none may fail with INTERNAL_SERVER_ERROR (a 500 over HTTP) or with an
 * error that is not a TRPCError, none may answer zod's raw issue list as its message, and the
 * database must be exactly as before (nothing written).
 *
 * The procedures are read from the router itself, so procedures added later (by anyone) are fuzzed
 * without a line here; the test FAILS for a procedure it cannot cover: one without a zod input
 * schema, or whose schema yields fewer than MIN_INPUTS refused inputs (a schema that accepts
 * anything) — unless EXPLICIT below gives its inputs and says why.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { seedDemo } from '../../db/seed/demo';
import type { Db } from '../../db/client';
import { appRouter } from '../../server/trpc/root';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { invalidInputs, type Schema } from '../helpers/invalid-inputs';
import { callerAs, type Who } from '../helpers/realms';

const MIN_INPUTS = 5;

/**
 * Procedures whose inputs cannot be generated from the schema, with the inputs to use instead and
 * why. Empty today: every procedure's schema refuses enough values.
 */
const EXPLICIT: Record<string, { why: string; inputs: unknown[] }> = {};

/** What an invalid input may get: refused for its shape, or for the caller before that (auth runs first). */
const REFUSALS = new Set(['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'TOO_MANY_REQUESTS', 'PAYLOAD_TOO_LARGE']);

interface Procedure {
  path: string;
  type: string;
  inputs: Schema[];
}

function procedures(): Procedure[] {
  const all = (appRouter._def as unknown as { procedures: Record<string, { _def: { type: string; inputs?: Schema[] } }> }).procedures;
  return Object.entries(all).map(([path, p]) => ({ path, type: p._def.type, inputs: p._def.inputs ?? [] }));
}

/** One caller per distinct kind of person in the demo data (realm, role, account kind, billing contact) and anonymous. */
async function everyRealmAndRole(db: Db): Promise<Array<{ label: string; who: Who }>> {
  const people = await db
    .selectFrom('users as u')
    .innerJoin('accounts as a', 'a.id', 'u.account_id')
    .select(['u.email', 'u.role', 'a.kind', sql<boolean>`a.billing_contact_user_id = u.id`.as('contact')])
    .orderBy('u.id')
    .execute();
  const roles = new Map<string, Who>();
  for (const p of people) {
    const label = `product ${p.kind} ${p.contact ? 'billing contact' : p.role}`;
    if (!roles.has(label)) roles.set(label, { product: p.email });
  }
  // Another online account's billing contact too: refusals must not depend on whose data it is.
  const otherContact = people.filter((p) => p.contact && p.kind === 'online')[1];
  if (otherContact) roles.set('product online billing contact of another account', { product: otherContact.email });
  for (const c of await db.selectFrom('portal_credentials').select('login_id').orderBy('id').limit(1).execute()) roles.set('portal billing contact', { portal: c.login_id });
  for (const s of await db.selectFrom('staff').select(['email', 'role']).orderBy('id').execute()) {
    if (!roles.has(`staff ${s.role}`)) roles.set(`staff ${s.role}`, { staff: s.email });
  }
  return [{ label: 'anonymous', who: 'anonymous' }, ...[...roles].map(([label, who]) => ({ label, who }))];
}

/** Every row of every table, as one digest per table: equal digests = nothing was written. */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  const tables = await sql<{ t: string }>`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`.execute(db);
  const out: Record<string, string> = {};
  for (const { t } of tables.rows) {
    const r = await sql<{ n: number; h: string | null }>`SELECT count(*)::int AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${sql.table(t)} x`.execute(db);
    out[t] = `${r.rows[0]!.n}:${r.rows[0]!.h ?? ''}`;
  }
  return out;
}

const call = (caller: unknown, path: string, input: unknown) =>
  (path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (i: unknown) => Promise<unknown>)(input);

describe('fuzz: every tRPC procedure × every realm and role, invalid inputs from its zod schema (issue 14 item 10)', () => {
  let t: TestDatabase;
  let roles: Array<{ label: string; who: Who }>;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    roles = await everyRealmAndRole(t.db);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('every procedure can be fuzzed: it has a zod input schema that refuses enough generated inputs (or an EXPLICIT entry)', () => {
    const uncovered = procedures()
      .filter((p) => !EXPLICIT[p.path])
      .map((p) => ({ path: p.path, schemas: p.inputs.length, refused: invalidInputs(p.inputs).length }))
      .filter((p) => p.schemas === 0 || p.refused < MIN_INPUTS);
    expect(uncovered, 'give these procedures a zod input schema (.input(...)), or an EXPLICIT entry at the top of this file').toEqual([]);
    expect(Object.keys(EXPLICIT).filter((p) => !procedures().some((q) => q.path === p)), 'EXPLICIT entries for procedures that no longer exist').toEqual([]);
    // The rule catches what it must: no schema, or a schema that accepts anything.
    expect(invalidInputs([])).toHaveLength(0);
    expect(invalidInputs([z.any() as unknown as Schema])).toHaveLength(0);
    expect(invalidInputs([z.object({ note: z.string() }).passthrough().optional() as unknown as Schema]).length).toBeGreaterThanOrEqual(MIN_INPUTS);
  });

  it('the realms and roles of the demo data are all here', () => {
    const labels = roles.map((r) => r.label);
    for (const expected of ['anonymous', 'product online billing contact', 'product online account_admin', 'product online standard', 'product corporate billing contact', 'product corporate account_admin', 'product corporate standard', 'portal billing contact', 'staff sales_rep', 'staff ops', 'product online billing contact of another account']) {
      expect(labels).toContain(expected);
    }
  });

  it('no invalid input is accepted, answered with a 500, or answered with raw zod text; nothing is written', async () => {
    const problems: string[] = [];
    let calls = 0;
    const callers = await Promise.all(roles.map(async (r) => ({ label: r.label, caller: await callerAs({ db: t.db, clientIp: '198.51.100.77' }, r.who) })));
    for (const p of procedures()) {
      const inputs = EXPLICIT[p.path]?.inputs ?? invalidInputs(p.inputs);
      const before = await fingerprint(t.db);
      await Promise.all(callers.map(async ({ label, caller }) => {
        for (const input of inputs) {
          calls++;
          try {
            await call(caller, p.path, input);
            problems.push(`${p.path} as ${label} ACCEPTED ${String(JSON.stringify(input, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))).slice(0, 120)}`);
          } catch (err) {
            if (!(err instanceof TRPCError)) problems.push(`${p.path} as ${label}: not a TRPCError: ${String(err).slice(0, 200)}`);
            else if (!REFUSALS.has(err.code)) problems.push(`${p.path} as ${label}: ${err.code} ${err.message.slice(0, 200)} (cause: ${String(err.cause).slice(0, 200)})`);
            else if (/^\s*[[{]/.test(err.message)) problems.push(`${p.path} as ${label}: raw zod text as the message: ${err.message.slice(0, 120)}`);
          }
        }
      }));
      const after = await fingerprint(t.db);
      const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
      if (changed.length) problems.push(`${p.path}: wrote to ${changed.join(', ')}`);
    }
    expect(problems.slice(0, 40)).toEqual([]);
    expect(calls).toBeGreaterThan(procedures().length * roles.length * MIN_INPUTS);
  }, 600_000);
});
