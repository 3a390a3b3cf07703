import type { PartySnapshot } from '../../db/schema';
import { env } from '../../server/env';
import { createBenchActivities } from './bench';
import { createConversionActivities } from './conversion';
import { createQuoteActivities } from './quote';
import { createSubscriptionChangeActivities } from './subscription-change';
import { createTrialActivities, type TrialActivityDeps } from './trial';

/** The seller printed on invoices, from configuration (SELLER_*). */
export function sellerFromEnv(): PartySnapshot {
  const e = env();
  return { name: e.SELLER_NAME, street: e.SELLER_ADDRESS, country: e.SELLER_COUNTRY, vat_number: e.SELLER_VAT_NUMBER };
}

/** All I/O the workflows do, built from explicit dependencies so tests can pass their own. */
export function createActivities(deps: TrialActivityDeps & { seller?: PartySnapshot }) {
  return {
    ...createTrialActivities(deps),
    ...createConversionActivities({ ...deps, seller: deps.seller ?? sellerFromEnv() }),
    ...createSubscriptionChangeActivities({ ...deps, seller: deps.seller ?? sellerFromEnv() }),
    ...createQuoteActivities(deps),
    ...createBenchActivities(),
  };
}
