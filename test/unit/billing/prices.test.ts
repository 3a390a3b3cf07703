import { describe, expect, it } from 'vitest';
import {
  classifyTierChange,
  DuplicatePriceError,
  findUnitPrice,
  InvalidSeatCountError,
  money,
  PriceNotFoundError,
  subscriptionPrice,
  TierProductMismatchError,
  type PriceEntry,
  type Tier,
} from '../../../server/billing';

const book: PriceEntry[] = [
  { tierId: 'meeting-business', frequency: 'monthly', currency: 'EUR', unitAmount: 1500n },
  { tierId: 'meeting-business', frequency: 'annual', currency: 'EUR', unitAmount: 15000n },
  { tierId: 'meeting-business', frequency: 'monthly', currency: 'USD', unitAmount: 1600n },
];

describe('§2 catalog prices and tiers', () => {
  it('§2 findUnitPrice looks up tier × frequency × currency', () => {
    expect(findUnitPrice(book, 'meeting-business', 'annual', 'EUR')).toEqual(money(15000, 'EUR'));
    expect(findUnitPrice(book, 'meeting-business', 'monthly', 'USD')).toEqual(money(1600, 'USD'));
  });

  it('§2 a missing price throws PriceNotFoundError (code PRICE_NOT_FOUND); a duplicate is refused', () => {
    expect(() => findUnitPrice(book, 'meeting-business', 'annual', 'GBP')).toThrow(PriceNotFoundError);
    try {
      findUnitPrice(book, 'nope', 'monthly', 'EUR');
    } catch (e) {
      expect((e as PriceNotFoundError).code).toBe('PRICE_NOT_FOUND');
    }
    expect(() => findUnitPrice([...book, book[0]!], 'meeting-business', 'monthly', 'EUR')).toThrow(DuplicatePriceError);
  });

  it('§2 subscriptionPrice = unit × seats; seats must be a non-negative integer', () => {
    expect(subscriptionPrice(money(1500, 'EUR'), 10)).toEqual(money(15000, 'EUR'));
    expect(subscriptionPrice(money(1500, 'EUR'), 0)).toEqual(money(0, 'EUR'));
    expect(() => subscriptionPrice(money(1500, 'EUR'), -1)).toThrow(InvalidSeatCountError);
    expect(() => subscriptionPrice(money(1500, 'EUR'), 2.5)).toThrow(InvalidSeatCountError);
    expect(() => subscriptionPrice(money(1500, 'EUR'), Number.NaN)).toThrow(InvalidSeatCountError);
  });

  it('§2 BC-4 tier order defines upgrade vs downgrade (Starter < Business < Enterprise)', () => {
    const starter: Tier = { id: 's', productId: 'meeting', rank: 1 };
    const business: Tier = { id: 'b', productId: 'meeting', rank: 2 };
    const enterprise: Tier = { id: 'e', productId: 'meeting', rank: 3 };
    expect(classifyTierChange(starter, business)).toBe('upgrade');
    expect(classifyTierChange(enterprise, business)).toBe('downgrade');
    expect(classifyTierChange(business, business)).toBe('same');
    expect(() => classifyTierChange(starter, { id: 'w', productId: 'webinar', rank: 2 })).toThrow(
      TierProductMismatchError,
    );
  });
});
