import {
  DuplicatePriceError,
  InvalidSeatCountError,
  PriceNotFoundError,
  TierProductMismatchError,
} from './errors';
import { money, multiply, type Currency, type Money } from './money';
import type { BillingFrequency } from './periods';

// SPEC §2: the catalog is data. The caller loads the price book; this module only looks things up.

/** The most seats one order line (a conversion, a change, a cart item) may have. */
export const MAX_SEATS = 1000;

export interface PriceEntry {
  tierId: string;
  frequency: BillingFrequency;
  currency: Currency;
  /** Per seat, per period, integer minor units. */
  unitAmount: bigint;
}

export function findUnitPrice(
  book: readonly PriceEntry[],
  tierId: string,
  frequency: BillingFrequency,
  currency: Currency,
): Money {
  const matches = book.filter((p) => p.tierId === tierId && p.frequency === frequency && p.currency === currency);
  const [entry] = matches;
  if (!entry) throw new PriceNotFoundError(tierId, frequency, currency);
  // Two prices for one key means the catalog is broken; picking one silently would charge at random.
  if (matches.length > 1) throw new DuplicatePriceError(tierId, frequency, currency);
  return money(entry.unitAmount, entry.currency);
}

export function assertSeatCount(seats: number, minimum = 0): void {
  if (!Number.isSafeInteger(seats) || seats < minimum) throw new InvalidSeatCountError(seats, minimum);
}

/** Price of a whole configuration for one period: unit price × seats. */
export function subscriptionPrice(unit: Money, seats: number): Money {
  assertSeatCount(seats, 0);
  return multiply(unit, seats);
}

export interface Tier {
  id: string;
  productId: string;
  /** Higher rank = higher tier (Starter < Business < Enterprise). */
  rank: number;
}

export type TierChange = 'upgrade' | 'same' | 'downgrade';

/** SPEC §2: the tier order defines upgrade vs downgrade; BC-4 refuses downgrades online. */
export function classifyTierChange(from: Tier, to: Tier): TierChange {
  if (from.productId !== to.productId) throw new TierProductMismatchError(from.productId, to.productId);
  if (to.rank > from.rank) return 'upgrade';
  if (to.rank < from.rank) return 'downgrade';
  return 'same';
}
