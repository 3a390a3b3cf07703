import { z } from 'zod';
import { ids } from './billing-deps';

/** Inputs of the quote and service-order procedures (BO-1, CP-4, CP-10), shared by the back office and the portal; messages are keys. */
export const quoteId = z.string().regex(/^quo_[0-9A-Z]{20}$|^quo_[a-z0-9_]+$/, 'errors.input.unknownQuote');
export const accountId = z.string().regex(/^acct_[0-9A-Z]{20}$|^acct_[a-z0-9_]+$/, 'errors.input.unknownAccount');
export const productId = z.string().regex(/^prd_[a-z0-9_]+$|^prd_[0-9A-Z]{20}$/, 'errors.input.unknownProduct');
export const userId = z.string().regex(/^usr_[a-z0-9_]+$|^usr_[0-9A-Z]{20}$/, 'errors.input.unknownUser');
export const serviceOrderId = z.string().regex(/^so_[0-9A-Z]{20}$/, 'errors.input.unknownServiceOrder');
const tierId = ids.tier(z);

export const quoteLine = z
  .object({
    productId,
    tierId,
    seats: z.number().int().min(1).max(100_000),
    discountBasisPoints: z.number().int().min(0).max(10_000).default(0),
    term: z.enum(['co_term', 'new_term']),
  })
  .strict();

export const quoteDraft = z
  .object({
    expiresAt: z.coerce.date(),
    notes: z.string().trim().max(2000).transform((s) => s || null).nullable().default(null),
    lines: z.array(quoteLine).min(1).max(20),
  })
  .strict();
