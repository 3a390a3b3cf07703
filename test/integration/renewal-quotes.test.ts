import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { newId } from '../../db/ids';
import { catalogUnitAmount, seedCatalog } from '../../db/seed/catalog';
import { quoteRenewal, renewalQuoter } from '../../server/services/renewal-pricing';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createAccount } from '../helpers/realms';

const DAY = 86_400_000;

/**
 * BC-9 / WF-4: the Subscriptions page, the payment method page and the portal price every renewing
 * subscription together, and the renewal activity prices one; both must be the same pricing. Two
 * subscriptions whose periods end either side of a price and tax change each get what is in force at
 * their own period end, from the same four reads however many subscriptions there are.
 */
describe('BC-9 renewal quotes of several subscriptions at once', () => {
  let t: TestDatabase;
  const now = Date.now();
  let account: Awaited<ReturnType<typeof createAccount>>;
  let soon: string;
  let later: string;
  let unpriced: string;

  const subscription = async (accountId: string, product: 'meeting' | 'webinar', endsInDays: number, frequency: 'monthly' | 'annual' = 'monthly') => {
    const id = newId('sub');
    const end = new Date(now + endsInDays * DAY);
    await t.db
      .insertInto('subscriptions')
      .values({
        id, account_id: accountId, product_id: `prd_${product}`, tier_id: `tier_${product}_business`, seats: 4, frequency, status: 'active',
        current_period_start: new Date(end.getTime() - 30 * DAY), current_period_end: end, last_charge_amount: 0n, currency: 'USD',
      })
      .execute();
    return id;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.transaction().execute((trx) => seedCatalog(trx));
    account = await createAccount(t.db, { kind: 'online' });
    soon = await subscription(account.accountId, 'meeting', 10);
    later = await subscription(account.accountId, 'webinar', 40);
    // Between the two period ends: a new Webinar and Meeting price, and a new US sales tax rate.
    const changeAt = new Date(now + 20 * DAY);
    await t.db.insertInto('prices').values([
      { id: newId('price'), tier_id: 'tier_webinar_business', frequency: 'monthly', currency: 'USD', unit_amount: 7_777n, valid_from: changeAt },
      { id: newId('price'), tier_id: 'tier_meeting_business', frequency: 'monthly', currency: 'USD', unit_amount: 9_999n, valid_from: changeAt },
    ]).execute();
    await t.db.insertInto('tax_rates').values({ country: 'US', rate_basis_points: 500, valid_from: changeAt }).execute();
    await t.db.insertInto('credit_ledger').values({ id: newId('cl'), account_id: account.accountId, currency: 'USD', amount: 1_000n, reason: 'proration_credit', order_id: null, note: 'fixture' }).execute();
    // A subscription of a tier with no price at all (another account): it cannot be priced.
    const other = await createAccount(t.db, { kind: 'online' });
    await t.db.insertInto('plan_tiers').values({ id: 'tier_meeting_unpriced', product_id: 'prd_meeting', code: 'unpriced', name: 'Unpriced', rank: 99 }).execute();
    unpriced = await subscription(other.accountId, 'meeting', 15);
    await t.db.updateTable('subscriptions').set({ tier_id: 'tier_meeting_unpriced' }).where('id', '=', unpriced).execute();
  });
  afterAll(() => t?.drop());

  /** The database, counting the statements run through it. */
  const counting = () => {
    const seen = { statements: 0 };
    const plugin: KyselyPlugin = { transformQuery: (a) => ((seen.statements += 1), a.node), transformResult: async (a) => a.result };
    return { db: t.db.withPlugin(plugin), seen };
  };

  it('BC-9: each subscription is priced at its own period end, with the account credit, exactly as one priced alone', async () => {
    const { db, seen } = counting();
    const quote = await renewalQuoter(db, [soon, later], { sellerCountry: 'US' });
    expect(seen.statements).toBe(4); // subscriptions, price history, tax history, credit
    const a = quote(soon)!;
    const b = quote(later)!;
    // Meeting renews before the change: the catalog price and no tax; Webinar after it: 7,777 and 5 %.
    expect(a.unitAmount).toBe(catalogUnitAmount('meeting', 'business', 'monthly', 'USD'));
    expect(a.taxRateBasisPoints).toBe(0);
    expect(b.unitAmount).toBe(7_777n);
    expect(b.taxRateBasisPoints).toBe(500);
    expect(b.planCost).toBe(4n * 7_777n);
    expect(b.creditApplied).toBe(1_000n);
    expect(b.tax).toBe((4n * 7_777n - 1_000n) * 500n / 10_000n);
    expect(a.periodStart.getTime()).toBe(now + 10 * DAY);
    expect(await quoteRenewal(t.db, { subscriptionId: soon, sellerCountry: 'US' })).toEqual(a);
    expect(await quoteRenewal(t.db, { subscriptionId: later, sellerCountry: 'US' })).toEqual(b);
  });

  it('BC-9: the reads do not grow with the number of subscriptions, and one that cannot be priced fails alone', async () => {
    const { db, seen } = counting();
    const quote = await renewalQuoter(db, [soon, later, unpriced, 'sub_missing'], { sellerCountry: 'US' });
    expect(seen.statements).toBe(5); // two accounts: one credit read each
    expect(quote(later)!.unitAmount).toBe(7_777n);
    expect(() => quote(unpriced)).toThrow();
    expect(quote('sub_missing')).toBeNull();
    await expect(quoteRenewal(t.db, { subscriptionId: unpriced, sellerCountry: 'US' })).rejects.toThrow();
    const none = counting();
    await renewalQuoter(none.db, [], { sellerCountry: 'US' });
    expect(none.seen.statements).toBe(0);
  });
});
