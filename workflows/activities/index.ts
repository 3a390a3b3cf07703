import type { PartySnapshot } from '../../db/schema';
import { env, renewalPolicies } from '../../server/env';
import { createBenchActivities } from './bench';
import { createConversionActivities } from './conversion';
import { createRenewalActivities } from './renewals';
import { createSubscriptionChangeActivities } from './subscription-change';
import { createTrialActivities, type TrialActivityDeps } from './trial';

/** The seller printed on invoices, from configuration (SELLER_*). */
export function sellerFromEnv(): PartySnapshot {
  const e = env();
  return { name: e.SELLER_NAME, street: e.SELLER_ADDRESS, country: e.SELLER_COUNTRY, vat_number: e.SELLER_VAT_NUMBER };
}

/** All I/O the workflows do, built from explicit dependencies so tests can pass their own. */
export function createActivities(deps: TrialActivityDeps & { seller?: PartySnapshot; policies?: ReturnType<typeof renewalPolicies> }) {
  const seller = deps.seller ?? sellerFromEnv();
  const conversion = createConversionActivities({ ...deps, seller });
  return {
    ...createTrialActivities(deps),
    ...conversion,
    ...createRenewalActivities({ ...deps, seller, sellerCountry: env().SELLER_COUNTRY, policies: deps.policies ?? renewalPolicies(env()), charge: conversion }),
    ...createSubscriptionChangeActivities({ ...deps, seller: deps.seller ?? sellerFromEnv() }),
    ...createBenchActivities(),
  };
}
