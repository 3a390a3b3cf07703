import type { PartySnapshot } from '../../db/schema';
import { env } from '../../server/env';
import type { ActivityDeps } from './deps';
import { createEmailActivities } from './emails';
import { createOrderActivities } from './orders';
import { createPaymentActivities } from './payments';
import { createPurchaseOrderActivities } from './purchase-orders';
import { createTrialActivities } from './trial';

/** The seller printed on invoices, from configuration (SELLER_*). */
function sellerFromEnv(): PartySnapshot {
  const e = env();
  return { name: e.SELLER_NAME, street: e.SELLER_ADDRESS, country: e.SELLER_COUNTRY, vat_number: e.SELLER_VAT_NUMBER };
}

/**
 * All I/O the workflows do, by concern — payments, orders, emails, trials — built from one explicit
 * deps object so tests can pass their own. Activity names are part of recorded histories: renaming one
 * breaks the replay of running workflows.
 */
export function createActivities(deps: Omit<ActivityDeps, 'seller'> & { seller?: PartySnapshot }) {
  const all: ActivityDeps = { ...deps, seller: deps.seller ?? sellerFromEnv() };
  return {
    ...createTrialActivities(all),
    ...createPaymentActivities(all),
    ...createOrderActivities(all),
    ...createEmailActivities(all),
    ...createPurchaseOrderActivities(all),
  };
}
