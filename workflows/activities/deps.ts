import type { Db } from '../../db/client';
import type { PartySnapshot } from '../../db/schema';
import type { CorporateRenewalPolicy, DunningPolicy } from '../../server/billing';
import type { Mailer } from '../../server/email/transport';
import type { PaymentGateway } from '../../server/payments/stripe-gateway';
import type { ExternalProvisioner } from '../../server/provisioning/adapter';

/** Everything the activities reach outside the worker: one object, given by the worker (or a test). */
export interface ActivityDeps {
  db: Db;
  payments: PaymentGateway;
  mailer: Mailer;
  appUrl: string;
  /** The seller printed on invoices and credit notes (configuration: SELLER_*). */
  seller: PartySnapshot;
  /** SELLER_COUNTRY: decides EU reverse charge (a renewal is priced when it falls due). */
  sellerCountry: string;
  /** WF-4's schedules (configuration: RENEWAL_*, CORPORATE_*). */
  renewalPolicies: { dunning: DunningPolicy; corporate: CorporateRenewalPolicy };
  /** WF-3: where a product's added seats are provisioned; null = the embedded provisioner (PROVISIONER_URL unset). */
  provisioner: ExternalProvisioner | null;
  /** Where operations open a workflow: the Temporal UI's namespace page (TEMPORAL_UI_URL + namespace). */
  temporalUiUrl: string;
  /** WF-3's promise (SERVICE_ORDER_SLA_HOURS), for the words of the delay alert. */
  serviceOrderSlaHours: number;
}
