import { z } from 'zod';

/** Inputs of the quote procedures (BO-1, CP-4), shared by the back office and the portal. */
export const quoteId = z.string().regex(/^quo_[0-9A-Z]{20}$|^quo_[a-z0-9_]+$/, 'Unknown quote.');
export const accountId = z.string().regex(/^acct_[0-9A-Z]{20}$|^acct_[a-z0-9_]+$/, 'Unknown account.');
const productId = z.string().regex(/^prd_[a-z0-9_]+$|^prd_[0-9A-Z]{20}$/, 'Unknown product.');
const tierId = z.string().regex(/^tier_[a-z0-9_]+$|^tier_[0-9A-Z]{20}$/, 'Unknown plan.');

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
