import type { DbOrTrx } from '../../../db/client';
import type { Currency, QuoteTermKind } from '../../../db/schema';
import { BillingError, decideTax, findUnitPrice, priceQuote, type PricedQuote, type QuoteLineInput } from '../../billing';
import { env } from '../../env';
import { userError, type AppError } from '../../errors';
import { loadPriceBook, loadTaxRates } from '../catalog';
import { validPurchaseOrder } from '../portal/purchase-orders';

/** One line as the rep's editor or the add-seats form asks for it. */
export interface QuoteLineRequest {
  productId: string;
  tierId: string;
  seats: number;
  discountBasisPoints: number;
  term: QuoteTermKind;
}

export interface QuotePricingContext {
  accountId: string;
  currency: Currency;
  /** The contract's current term, which co-termed lines end with. */
  contract: { start: Date; end: Date } | null;
  purchaseOrderNumber: string | null;
  products: Map<string, { name: string; addSeats: boolean }>;
  tiers: Map<string, { productId: string; name: string }>;
}

/** What a quote line shows besides its figures. */
export interface PricedQuoteFigures extends PricedQuote {
  context: QuotePricingContext;
}

export async function loadQuotePricingContext(db: DbOrTrx, accountId: string, at: Date): Promise<QuotePricingContext & { country: string; vatNumber: string | null }> {
  const account = await db.selectFrom('accounts').select(['id', 'currency', 'country', 'vat_number', 'contract_start', 'contract_end']).where('id', '=', accountId).executeTakeFirstOrThrow();
  const products = await db.selectFrom('products').select(['id', 'name', 'corporate_add_seats']).execute();
  const tiers = await db.selectFrom('plan_tiers').select(['id', 'product_id', 'name']).execute();
  return {
    accountId,
    currency: account.currency,
    country: account.country,
    vatNumber: account.vat_number,
    contract: account.contract_start && account.contract_end ? { start: account.contract_start, end: account.contract_end } : null,
    purchaseOrderNumber: (await validPurchaseOrder(db, accountId, at))?.number ?? null,
    products: new Map(products.map((p) => [p.id, { name: p.name, addSeats: p.corporate_add_seats }])),
    tiers: new Map(tiers.map((t) => [t.id, { productId: t.product_id, name: t.name }])),
  };
}

/** The billing domain's refusals of a quote, in the user's words. */
export function quoteBillingError(err: unknown): AppError | null {
  if (!(err instanceof BillingError)) return null;
  switch (err.code) {
    case 'DISCOUNT_ABOVE_LIMIT':
      return userError('BAD_REQUEST', 'errors.quote.discountAboveLimit', { limit: Number(err.details.limitBasisPoints) / 100 });
    case 'INVALID_DISCOUNT':
      return userError('BAD_REQUEST', 'errors.quote.invalidDiscount');
    case 'EMPTY_QUOTE':
      return userError('BAD_REQUEST', 'errors.quote.empty');
    case 'DUPLICATE_QUOTE_LINE':
      return userError('BAD_REQUEST', 'errors.quote.duplicateProduct');
    case 'INVALID_SEATS':
      return userError('BAD_REQUEST', 'errors.quote.seats');
    case 'CHANGE_OUTSIDE_PERIOD':
    case 'INVALID_PERIOD':
      return userError('CONFLICT', 'errors.quote.noCurrentTerm');
    case 'PRICE_NOT_FOUND':
      return userError('CONFLICT', 'errors.quote.noPrice');
    case 'TAX_RATE_NOT_FOUND':
      return userError('CONFLICT', 'errors.quote.noTaxRate');
    case 'INVALID_VAT_NUMBER':
    case 'VAT_COUNTRY_MISMATCH':
      return userError('CONFLICT', 'errors.quote.accountVatNumber');
    default:
      return null;
  }
}

/**
 * Prices quote lines for an account at `at` with the catalog's annual prices in the account's currency,
 * its tax, and its contract term (co-termed lines end with it; a product the account does not have yet
 * may still be co-termed to the contract). The one path for the editor's preview, the saved draft, the
 * sent quote and the add-seats quote.
 */
export async function priceQuoteFor(db: DbOrTrx, accountId: string, lines: readonly QuoteLineRequest[], at: Date): Promise<PricedQuoteFigures> {
  const ctx = await loadQuotePricingContext(db, accountId, at);
  for (const l of lines) {
    const tier = ctx.tiers.get(l.tierId);
    if (!ctx.products.has(l.productId) || !tier || tier.productId !== l.productId) throw userError('BAD_REQUEST', 'errors.quote.unknownProduct');
    if (l.term === 'co_term' && !ctx.contract) throw userError('CONFLICT', 'errors.quote.noCurrentTerm');
  }
  const book = await loadPriceBook(db, [...new Set(lines.map((l) => l.tierId))], ctx.currency, at);
  try {
    const tax = decideTax({ sellerCountry: env().SELLER_COUNTRY, buyerCountry: ctx.country, buyerVatNumber: ctx.vatNumber, rates: await loadTaxRates(db, at) });
    const inputs: QuoteLineInput[] = lines.map((l) => ({
      productId: l.productId,
      tierId: l.tierId,
      seats: l.seats,
      listUnitPrice: findUnitPrice(book, l.tierId, 'annual', ctx.currency),
      discountBasisPoints: l.discountBasisPoints,
      term: l.term === 'co_term' ? { kind: 'co_term', termStart: ctx.contract!.start, termEnd: ctx.contract!.end } : { kind: 'new_term' },
    }));
    return { ...priceQuote({ lines: inputs, at, tax, maxDiscountBasisPoints: env().QUOTE_MAX_DISCOUNT_BASIS_POINTS }), context: ctx };
  } catch (err) {
    throw quoteBillingError(err) ?? err;
  }
}
