import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { creditBalance } from '../../db/credit';
import { newId } from '../../db/ids';
import { DEMO_IDS } from '../../db/seed/demo';
import { callerFor } from '../helpers/callers';
import { useSeededStack } from '../helpers/seeded-stack';
import { CARDS, createCard } from '../helpers/stripe';

const S = DEMO_IDS.subscriptions;
const NORTHWIND = DEMO_IDS.accounts.northwind;
const key = () => randomUUID().replace(/-/g, '');

// Issue 14 item 5: two orders spending the same credit balance at once. The ledger's trigger refuses
// the second (the balance would go below zero); the customer must read a CONFLICT that says so, not
// a 500. The race is made certain, not hoped for: this test holds the ledger's per-account lock (the
// trigger's pg_advisory_xact_lock) while both orders quote and reach their ledger insert, then lets go.
describe('BC-4 BC-5: two orders spending the same credit at once', () => {
  const stack = useSeededStack();

  it('BC-4: the second gets a CONFLICT in the caller\'s language, and the balance never goes below zero', async () => {
    await stack.db.insertInto('credit_ledger').values({ id: newId('cl'), account_id: NORTHWIND, currency: 'USD', amount: 1_000n, reason: 'manual', note: 'credit race test' }).execute();
    const bella = await callerFor(stack.deps(), { productEmail: 'bella@northwind.example' }, 'it');
    const upgrades = [
      { subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 5, frequency: 'monthly' as const },
      { subscriptionId: S.northwindWebinar, tierId: 'tier_webinar_business', seats: 2, frequency: 'annual' as const },
    ];
    const previews = await Promise.all(upgrades.map((u) => bella.subscriptionChange.preview(u)));
    for (const p of previews) expect(p.quote.creditApplied).toBe(1_000n); // each would use the whole balance
    const cards = await Promise.all(upgrades.map(() => createCard(CARDS.visa)));

    const lock = await stack.db.connection().execute(async (conn) => {
      await sql`BEGIN`.execute(conn);
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`credit_ledger:${NORTHWIND}`}))`.execute(conn);
      const placing = upgrades.map((u, i) =>
        bella.subscriptionChange.place({ ...u, quoteToken: previews[i]!.quoteToken, idempotencyKey: key(), paymentMethodId: cards[i]! }).then(
          (r) => ({ ok: true as const, orderId: r.orderId }),
          (e: { code?: string; message?: string }) => ({ ok: false as const, code: e.code, message: e.message }),
        ),
      );
      // Both orders wait on the lock at their ledger insert (their quotes already counted the 1,000).
      for (let i = 0; i < 200; i++) {
        const waiting = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`.execute(conn);
        if (waiting.rows[0]!.n >= 2) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      await sql`COMMIT`.execute(conn);
      return Promise.all(placing);
    });

    expect(lock.filter((o) => o.ok)).toHaveLength(1);
    const refused = lock.find((o) => !o.ok)!;
    expect(refused).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('Il saldo a credito è cambiato') });
    expect(await creditBalance(stack.db, NORTHWIND, 'USD')).toBe(0n);
  });
});
