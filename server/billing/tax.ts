import { InvalidCountryError, InvalidTaxRateError, InvalidVatNumberError, TaxRateNotFoundError, VatCountryMismatchError } from './errors';
import { isEuCountry } from './eu-countries';
import { roundHalfUpDiv, type Money } from './money';
import { validateVatNumber } from './vat-number';

// SPEC §8 tax. Rates are data loaded by the caller; this module only decides and computes.

export interface TaxRate {
  country: string;
  /** 2200 = 22 %. */
  rateBasisPoints: number;
}

export interface TaxDecision {
  rateBasisPoints: number;
  reverseCharge: boolean;
  /** The billing country whose rules were applied. */
  country: string;
  /** Printed on the invoice (reverse charge must be stated there). */
  note?: string;
}

export const REVERSE_CHARGE_NOTE =
  'Reverse charge: VAT to be accounted for by the recipient (Art. 196 Directive 2006/112/EC)';

const BASIS_POINTS = 10_000n;

/** ISO alpha-2, upper case; "EL" (the VAT prefix for Greece) is accepted as GR. */
export function normalizeCountry(country: string): string {
  const c = country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(c)) throw new InvalidCountryError(country);
  return c === 'EL' ? 'GR' : c;
}

function assertRate(bp: number): void {
  if (!Number.isSafeInteger(bp) || bp < 0 || bp > 10_000) throw new InvalidTaxRateError(bp);
}

export function decideTax(input: {
  sellerCountry: string;
  buyerCountry: string;
  buyerVatNumber?: string | null;
  rates: readonly TaxRate[];
}): TaxDecision {
  const seller = normalizeCountry(input.sellerCountry);
  const buyer = normalizeCountry(input.buyerCountry);
  const vatInput = input.buyerVatNumber?.trim();

  if (vatInput) {
    // A VAT number the user typed must be right: charging the wrong tax silently is worse than a form error.
    const vat = validateVatNumber(vatInput, buyer);
    if (!vat.valid) throw new InvalidVatNumberError(vat.reason);
    if (vat.country !== buyer) throw new VatCountryMismatchError(vat.country, buyer);
    // B2B supply between two different EU states: the buyer self-accounts (Art. 196).
    if (isEuCountry(seller) && isEuCountry(buyer) && buyer !== seller) {
      return { rateBasisPoints: 0, reverseCharge: true, country: buyer, note: REVERSE_CHARGE_NOTE };
    }
  }

  const rate = input.rates.find((r) => normalizeCountry(r.country) === buyer);
  if (!rate) throw new TaxRateNotFoundError(buyer);
  assertRate(rate.rateBasisPoints);
  return { rateBasisPoints: rate.rateBasisPoints, reverseCharge: false, country: buyer };
}

/** Tax on a net amount, rounded half up to the minor unit (half away from zero for credit notes). */
export function taxOn(net: Money, d: TaxDecision): Money {
  if (d.reverseCharge) return { amount: 0n, currency: net.currency };
  assertRate(d.rateBasisPoints);
  return { amount: roundHalfUpDiv(net.amount * BigInt(d.rateBasisPoints), BASIS_POINTS), currency: net.currency };
}
