import { BillingError } from '../billing';
import { badRequest, conflict, type AppError } from '../errors';

/** The billing domain's typed errors, told to the user in words (never a stack trace). */
export function billingErrorToAppError(err: unknown, context: { productName?: string } = {}): AppError | null {
  if (!(err instanceof BillingError)) return null;
  switch (err.code) {
    case 'INVALID_VAT_NUMBER':
      return badRequest('The VAT number is not valid. Check the country prefix and the digits.', { field: 'vatNumber', reason: err.details.reason });
    case 'VAT_COUNTRY_MISMATCH':
      return badRequest(`The VAT number is from ${String(err.details.vatCountry)}, but your billing country is ${String(err.details.billingCountry)}.`, { field: 'vatNumber' });
    case 'TRIAL_NOT_ACTIVE':
      return conflict(`The free trial of ${context.productName ?? 'this product'} has ended, so it can no longer be converted. Nothing was charged.`, { reason: 'trial_ended' });
    case 'PRICE_NOT_FOUND':
      return conflict(`${context.productName ?? 'This plan'} is not available in your currency with this billing frequency.`, { reason: 'price_not_found' });
    case 'INVALID_SEATS':
      return badRequest('Choose at least one seat.', { field: 'seats' });
    case 'TAX_RATE_NOT_FOUND':
      return conflict('We cannot sell to your billing country online yet. Please contact Customer Care.', { reason: 'tax_rate_not_found' });
    default:
      return null;
  }
}

