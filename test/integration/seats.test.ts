import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { DEMO_IDS, seedDemo } from '../../db/seed/demo';
import { env } from '../../server/env';
import { callerFor } from '../helpers/callers';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

describe('BC-6 seats for users', () => {
  let t: TestDatabase;
  let connection: Connection;
  let client: Client;
  const deps = () => ({ db: t.db, client, taskQueue: 'unused' });

  beforeAll(async () => {
    t = await createTestDatabase({ max: 20 });
    await seedDemo(t.db);
    connection = await Connection.connect({ address: env().TEMPORAL_ADDRESS });
    client = new Client({ connection, namespace: env().TEMPORAL_NAMESPACE });
    // Northwind's active Meeting subscription has 5 seats; add users so there are more people than seats.
    const hash = (await t.db.selectFrom('users').select('password_hash').where('id', '=', DEMO_IDS.users.bella).executeTakeFirstOrThrow()).password_hash;
    await t.db.insertInto('users').values(Array.from({ length: 10 }, (_, i) => ({ id: `usr_northwind_extra_${i}`, account_id: 'acct_northwind', email: `extra${i}@northwind.example`, name: `Extra ${i}`, password_hash: hash }))).execute();
  });
  afterAll(async () => {
    await connection?.close();
    await t?.drop();
  });

  it('BC-6: thirteen assignments at once never exceed the 5 purchased seats; the rest get a clear message', async () => {
    const bella = await callerFor(deps(), { productEmail: 'bella@northwind.example' });
    const subscriptionId = DEMO_IDS.subscriptions.northwindMeeting;
    // Start from no assignment (the demo data gives some seats away), so every grant is a new one.
    await t.db.deleteFrom('seat_assignments').where('subscription_id', '=', subscriptionId).execute();
    const users = (await t.db.selectFrom('users').select('id').where('account_id', '=', 'acct_northwind').execute()).map((u) => u.id);
    expect(users.length).toBeGreaterThan(5);
    const results = await Promise.allSettled(users.map((userId) => bella.seats.assign({ subscriptionId, userId })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(5);
    for (const r of refused) expect(r.reason).toMatchObject({ code: 'CONFLICT', message: 'All 5 seats of Meeting are assigned. Unassign a seat or buy more seats first.' });
    const view = await bella.seats.list({ subscriptionId });
    expect(view).toMatchObject({ seats: 5, assigned: 5 });
    expect((await t.db.selectFrom('seat_assignments').select('user_id').where('subscription_id', '=', subscriptionId).execute()).length).toBe(5);

    // Unassign one, and the seat can go to someone else.
    const holder = view.users.find((u) => u.assigned)!;
    const waiting = view.users.find((u) => !u.assigned)!;
    await bella.seats.unassign({ subscriptionId, userId: holder.id });
    await expect(bella.seats.assign({ subscriptionId, userId: waiting.id })).resolves.toMatchObject({ assigned: 5 });
  });

  it('BC-6: only admins of the account manage seats; users of other accounts cannot be given one', async () => {
    const subscriptionId = DEMO_IDS.subscriptions.northwindMeeting;
    await expect((await callerFor(deps(), { productEmail: 'sam@northwind.example' })).seats.list({ subscriptionId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await callerFor(deps(), { productEmail: 'adam@northwind.example' })).seats.list({ subscriptionId })).resolves.toMatchObject({ seats: 5 });
    await expect((await callerFor(deps(), { productEmail: 'giulia@bottega-rossi.example' })).seats.list({ subscriptionId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const bella = await callerFor(deps(), { productEmail: 'bella@northwind.example' });
    await expect(bella.seats.assign({ subscriptionId, userId: DEMO_IDS.users.giulia })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
