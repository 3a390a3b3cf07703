// Typed domain errors. The billing domain never formats user-facing text: a formatter elsewhere
// maps `code` to a message (EN/IT) and to a tRPC code, so the strings here are for logs only.

export type BillingErrorCode =
  | 'INVALID_AMOUNT'
  | 'INVALID_CURRENCY'
  | 'CURRENCY_MISMATCH'
  | 'INVALID_DATE'
  | 'INVALID_PERIOD'
  | 'CHANGE_OUTSIDE_PERIOD'
  | 'PRICE_NOT_FOUND'
  | 'DUPLICATE_PRICE'
  | 'INVALID_SEATS'
  | 'TIER_PRODUCT_MISMATCH'
  | 'TRIAL_NOT_ACTIVE'
  | 'TAX_RATE_NOT_FOUND'
  | 'INVALID_TAX_RATE'
  | 'INVALID_VAT_NUMBER'
  | 'VAT_COUNTRY_MISMATCH'
  | 'INVALID_COUNTRY'
  | 'INVALID_DISCOUNT'
  | 'DISCOUNT_ABOVE_LIMIT'
  | 'EMPTY_QUOTE'
  | 'DUPLICATE_QUOTE_LINE';

export class BillingError extends Error {
  readonly code: BillingErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: BillingErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

export class InvalidAmountError extends BillingError {
  constructor(value: unknown) {
    super('INVALID_AMOUNT', `amount must be an integer number of minor units, got ${String(value)}`, {
      value: String(value),
    });
  }
}

export class InvalidCurrencyError extends BillingError {
  constructor(value: unknown) {
    super('INVALID_CURRENCY', `unsupported currency ${String(value)}`, { value: String(value) });
  }
}

export class CurrencyMismatchError extends BillingError {
  constructor(currencies: readonly string[]) {
    super('CURRENCY_MISMATCH', `cannot combine amounts in ${currencies.join(', ')}`, { currencies });
  }
}

export class InvalidDateError extends BillingError {
  constructor(what: string) {
    super('INVALID_DATE', `${what} is not a valid date`, { what });
  }
}

export class InvalidPeriodError extends BillingError {
  constructor(start: Date, end: Date) {
    super('INVALID_PERIOD', 'a period must end at least one whole second after it starts', {
      start: start.toISOString(),
      end: end.toISOString(),
    });
  }
}

export class ChangeOutsidePeriodError extends BillingError {
  constructor(at: Date, start: Date, end: Date) {
    super('CHANGE_OUTSIDE_PERIOD', 'the change time must fall inside [start, end) of the current period', {
      at: at.toISOString(),
      start: start.toISOString(),
      end: end.toISOString(),
    });
  }
}

export class PriceNotFoundError extends BillingError {
  constructor(tierId: string, frequency: string, currency: string) {
    super('PRICE_NOT_FOUND', `no price for tier ${tierId}, ${frequency}, ${currency}`, {
      tierId,
      frequency,
      currency,
    });
  }
}

export class DuplicatePriceError extends BillingError {
  constructor(tierId: string, frequency: string, currency: string) {
    super('DUPLICATE_PRICE', `price book has several prices for tier ${tierId}, ${frequency}, ${currency}`, {
      tierId,
      frequency,
      currency,
    });
  }
}

export class InvalidSeatCountError extends BillingError {
  constructor(seats: unknown, minimum: number) {
    super('INVALID_SEATS', `seats must be an integer >= ${minimum}, got ${String(seats)}`, {
      seats: String(seats),
      minimum,
    });
  }
}

export class TierProductMismatchError extends BillingError {
  constructor(fromProductId: string, toProductId: string) {
    super('TIER_PRODUCT_MISMATCH', `tiers belong to different products (${fromProductId}, ${toProductId})`, {
      fromProductId,
      toProductId,
    });
  }
}

export class TrialNotActiveError extends BillingError {
  constructor(at: Date, start: Date, end: Date) {
    super('TRIAL_NOT_ACTIVE', 'the trial is not active at the order time (it expired or has not started)', {
      at: at.toISOString(),
      start: start.toISOString(),
      end: end.toISOString(),
    });
  }
}

export class TaxRateNotFoundError extends BillingError {
  constructor(country: string) {
    super('TAX_RATE_NOT_FOUND', `no tax rate configured for country ${country}`, { country });
  }
}

export class InvalidTaxRateError extends BillingError {
  constructor(rateBasisPoints: unknown) {
    super('INVALID_TAX_RATE', `tax rate must be an integer in [0, 10000] basis points, got ${String(rateBasisPoints)}`, {
      rateBasisPoints: String(rateBasisPoints),
    });
  }
}

export class InvalidVatNumberError extends BillingError {
  constructor(reason: 'format' | 'checksum' | 'country') {
    super('INVALID_VAT_NUMBER', `invalid VAT number (${reason})`, { reason });
  }
}

export class VatCountryMismatchError extends BillingError {
  constructor(vatCountry: string, billingCountry: string) {
    super('VAT_COUNTRY_MISMATCH', `VAT number is from ${vatCountry} but the billing country is ${billingCountry}`, {
      vatCountry,
      billingCountry,
    });
  }
}

export class InvalidCountryError extends BillingError {
  constructor(value: unknown) {
    super('INVALID_COUNTRY', `country must be an ISO 3166-1 alpha-2 code, got ${String(value)}`, {
      value: String(value),
    });
  }
}

export class InvalidDiscountError extends BillingError {
  constructor(value: unknown) {
    super('INVALID_DISCOUNT', `a discount must be a whole number of basis points in [0, 10000], got ${String(value)}`, { value: String(value) });
  }
}

export class DiscountAboveLimitError extends BillingError {
  constructor(discountBasisPoints: number, limitBasisPoints: number) {
    super('DISCOUNT_ABOVE_LIMIT', `a discount of ${discountBasisPoints} basis points is above the limit of ${limitBasisPoints}`, { discountBasisPoints, limitBasisPoints });
  }
}

export class EmptyQuoteError extends BillingError {
  constructor() {
    super('EMPTY_QUOTE', 'a quote needs at least one line');
  }
}

export class DuplicateQuoteLineError extends BillingError {
  constructor(productId: string) {
    super('DUPLICATE_QUOTE_LINE', `a quote has one line per product; ${productId} appears twice`, { productId });
  }
}
