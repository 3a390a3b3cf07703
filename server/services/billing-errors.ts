import { BillingError } from '../billing';
import { userError, type AppError } from '../errors';

/** The billing domain's typed errors, told to the user in words (never a stack trace). */
export function billingErrorToAppError(err: unknown, context: { productName?: string } = {}): AppError | null {
  if (!(err instanceof BillingError)) return null;
  switch (err.code) {
    case 'INVALID_VAT_NUMBER':
      return userError('BAD_REQUEST', 'errors.vat.invalid', {}, { field: 'vatNumber', reason: err.details.reason });
    case 'VAT_COUNTRY_MISMATCH':
      return userError('BAD_REQUEST', 'errors.vat.countryMismatch', { vatCountry: String(err.details.vatCountry), billingCountry: String(err.details.billingCountry) }, { field: 'vatNumber' });
    case 'TRIAL_NOT_ACTIVE':
      return context.productName ? userError('CONFLICT', 'errors.checkout.trialEnded', { product: context.productName }, { reason: 'trial_ended' }) : userError('CONFLICT', 'errors.workflow.trialEnded', {}, { reason: 'trial_ended' });
    case 'PRICE_NOT_FOUND':
      return context.productName ? userError('CONFLICT', 'errors.checkout.priceNotFound', { product: context.productName }, { reason: 'price_not_found' }) : userError('CONFLICT', 'errors.checkout.planNotAvailable', {}, { reason: 'price_not_found' });
    case 'INVALID_SEATS':
      return userError('BAD_REQUEST', 'errors.seats.atLeastOne', {}, { field: 'seats' });
    case 'TAX_RATE_NOT_FOUND':
      return userError('CONFLICT', 'errors.tax.countryNotSold', {}, { reason: 'tax_rate_not_found' });
    default:
      return null;
  }
}
