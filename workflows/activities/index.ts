import type { PartySnapshot } from '../../db/schema';
import { env } from '../../server/env';
import { createBenchActivities } from './bench';
import { createConversionActivities } from './conversion';
import { createQuoteActivities } from './quote';
import { createServiceOrderCourseActivities, createServiceOrderMoneyActivities } from './service-order';
import { httpProvisioner, type ExternalProvisioner } from '../../server/provisioning/adapter';
import { createSubscriptionChangeActivities } from './subscription-change';
import { createTrialActivities, type TrialActivityDeps } from './trial';

/** The seller printed on invoices, from configuration (SELLER_*). */
export function sellerFromEnv(): PartySnapshot {
  const e = env();
  return { name: e.SELLER_NAME, street: e.SELLER_ADDRESS, country: e.SELLER_COUNTRY, vat_number: e.SELLER_VAT_NUMBER };
}

/** All I/O the workflows do, built from explicit dependencies so tests can pass their own. */
export function createActivities(deps: TrialActivityDeps & { seller?: PartySnapshot; provisioner?: ExternalProvisioner | null }) {
  const e = env();
  const serviceOrderDeps = {
    ...deps,
    temporalUiUrl: `${e.TEMPORAL_UI_URL}/namespaces/${encodeURIComponent(e.TEMPORAL_NAMESPACE)}`,
    provisioner: deps.provisioner !== undefined ? deps.provisioner : e.PROVISIONER_URL ? httpProvisioner(e.PROVISIONER_URL) : null,
    slaHours: e.SERVICE_ORDER_SLA_HOURS,
  };
  return {
    ...createTrialActivities(deps),
    ...createConversionActivities({ ...deps, seller: deps.seller ?? sellerFromEnv() }),
    ...createSubscriptionChangeActivities({ ...deps, seller: deps.seller ?? sellerFromEnv() }),
    ...createQuoteActivities(deps),
    ...createServiceOrderCourseActivities(serviceOrderDeps),
    ...createServiceOrderMoneyActivities({ ...serviceOrderDeps, seller: deps.seller ?? sellerFromEnv() }),
    ...createBenchActivities(),
  };
}
