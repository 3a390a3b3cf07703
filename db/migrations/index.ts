import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_identity';
import * as m0002 from './0002_catalog';
import * as m0003 from './0003_subscriptions_orders';
import * as m0004 from './0004_invoices_payments';
import * as m0005 from './0005_corporate';
import * as m0006 from './0006_infrastructure';
import * as m0007 from './0007_subscription_changes';
import * as m0008 from './0008_payment_card';
import * as m0009 from './0009_credit_note_documents';
import * as m0010 from './0010_order_line_kinds';
import * as m0015 from './0015_message_keys';
import * as m0020 from './0020_auth_hardening';
import * as m0021 from './0021_vat_number_check';
import * as m0025 from './0025_billing_history_keyset';
import * as m0030 from './0030_portal_billing';
import * as m0031 from './0031_invoice_payment_guards';
import * as m0032 from './0032_invoice_payment_orders';
import * as m0040 from './0040_requests_and_staff_roles';
import * as m0041 from './0041_cancel_at_term_end';
import * as m0042 from './0042_ops_order_indexes';
import * as m0045 from './0045_renewals';
import * as m0046 from './0046_renewal_orders';
import * as m0050 from './0050_quote_lifecycle';
import * as m0051 from './0051_service_order_fulfilment';
import * as m0052 from './0052_order_invoice_terms';
import * as m0053 from './0053_order_change_notifications';
import * as m0054 from './0054_service_order_change_notifications';

/**
 * The explicit, ordered record of migrations (atproto style): adding a migration means adding a
 * file AND a line here. Names are permanent — they are stored in kysely_migration.
 */
export const migrations: Record<string, Migration> = {
  '0001_identity': m0001,
  '0002_catalog': m0002,
  '0003_subscriptions_orders': m0003,
  '0004_invoices_payments': m0004,
  '0005_corporate': m0005,
  '0006_infrastructure': m0006,
  '0007_subscription_changes': m0007,
  '0008_payment_card': m0008,
  '0009_credit_note_documents': m0009,
  '0010_order_line_kinds': m0010,
  '0015_message_keys': m0015,
  '0020_auth_hardening': m0020,
  '0021_vat_number_check': m0021,
  '0025_billing_history_keyset': m0025,
  '0030_portal_billing': m0030,
  '0031_invoice_payment_guards': m0031,
  '0032_invoice_payment_orders': m0032,
  '0040_requests_and_staff_roles': m0040,
  '0041_cancel_at_term_end': m0041,
  '0042_ops_order_indexes': m0042,
  '0045_renewals': m0045,
  '0046_renewal_orders': m0046,
  '0050_quote_lifecycle': m0050,
  '0051_service_order_fulfilment': m0051,
  '0052_order_invoice_terms': m0052,
  '0053_order_change_notifications': m0053,
  '0054_service_order_change_notifications': m0054,
};
