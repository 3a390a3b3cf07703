import type { PartySnapshot } from '../../db/schema';
import { env, renewalPolicies } from '../../server/env';
import type { ActivityDeps } from './deps';
import { createEmailActivities } from './emails';
import { createOrderActivities } from './orders';
import { createPaymentActivities } from './payments';
import { createRenewalActivities } from './renewals';
import { createPurchaseOrderActivities } from './purchase-orders';
import { createTrialActivities } from './trial';

/** The seller printed on invoices, from configuration (SELLER_*). */
function sellerFromEnv(): PartySnapshot {
  const e = env();
  return { name: e.SELLER_NAME, street: e.SELLER_ADDRESS, country: e.SELLER_COUNTRY, vat_number: e.SELLER_VAT_NUMBER };
}

/** What comes from configuration unless the caller (a test) gives its own. */
type Configured = 'seller' | 'sellerCountry' | 'renewalPolicies';

/**
 * All I/O the workflows do, by concern — payments, orders, emails, trials, renewals — built from one
 * explicit deps object so tests can pass their own. Activity names are part of recorded histories:
 * renaming one breaks the replay of running workflows.
 */
export function createActivities(deps: Omit<ActivityDeps, Configured> & Partial<Pick<ActivityDeps, Configured>>) {
  const all: ActivityDeps = { ...deps, seller: deps.seller ?? sellerFromEnv(), sellerCountry: deps.sellerCountry ?? env().SELLER_COUNTRY, renewalPolicies: deps.renewalPolicies ?? renewalPolicies(env()) };
  return {
    ...createTrialActivities(all),
    ...createPaymentActivities(all),
    ...createOrderActivities(all),
    ...createEmailActivities(all),
    ...createRenewalActivities(all),
    ...createPurchaseOrderActivities(all),
  };
}
