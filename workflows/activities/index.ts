import { env, renewalPolicies } from '../../server/env';
import { httpProvisioner } from '../../server/provisioning/adapter';
import type { ActivityDeps } from './deps';
import { createEmailActivities } from './emails';
import { createOrderActivities } from './orders';
import { createPaymentActivities } from './payments';
import { createProvisioningActivities } from './provisioning';
import { createPurchaseOrderActivities } from './purchase-orders';
import { createQuoteActivities } from './quotes';
import { createReconcileActivities } from './reconcile';
import { createRenewalActivities } from './renewals';
import { createServiceOrderActivities } from './service-orders';
import { createTrialActivities } from './trial';

type Required = 'db' | 'payments' | 'mailer' | 'appUrl';
/** What a caller must give; the rest comes from configuration unless given (tests give their own). */
type Given = Pick<ActivityDeps, Required> & Partial<Omit<ActivityDeps, Required>>;

/**
 * The configured parts of the deps: the seller (SELLER_*), WF-4's schedules (RENEWAL_*, CORPORATE_*),
 * the provisioner (PROVISIONER_URL), the Temporal UI, WF-3's promise.
 */
function fromEnv(): Omit<ActivityDeps, Required> {
  const e = env();
  return {
    seller: { name: e.SELLER_NAME, street: e.SELLER_ADDRESS, country: e.SELLER_COUNTRY, vat_number: e.SELLER_VAT_NUMBER },
    sellerCountry: e.SELLER_COUNTRY,
    renewalPolicies: renewalPolicies(e),
    provisioner: e.PROVISIONER_URL ? httpProvisioner(e.PROVISIONER_URL) : null,
    temporalUiUrl: `${e.TEMPORAL_UI_URL}/namespaces/${encodeURIComponent(e.TEMPORAL_NAMESPACE)}`,
    serviceOrderSlaHours: e.SERVICE_ORDER_SLA_HOURS,
  };
}

/**
 * All I/O the workflows do, by concern — payments, orders, emails, trials, renewals, quotes, service
 * orders, provisioning, purchase orders — built from one explicit deps object so tests can pass their
 * own. Activity names are part of recorded histories: renaming one breaks the replay of running workflows.
 */
export function createActivities(given: Given) {
  const all: ActivityDeps = { ...fromEnv(), ...given };
  return {
    ...createTrialActivities(all),
    ...createPaymentActivities(all),
    ...createOrderActivities(all),
    ...createEmailActivities(all),
    ...createRenewalActivities(all),
    ...createQuoteActivities(all),
    ...createServiceOrderActivities(all),
    ...createProvisioningActivities(all),
    ...createPurchaseOrderActivities(all),
    ...createReconcileActivities(all),
  };
}
