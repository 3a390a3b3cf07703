import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../db/client';
import { formatMoney } from '../../server/billing';
import { sendEmailOnce } from '../../server/email/send-once';
import type { Mailer } from '../../server/email/transport';
import { ProvisioningRefusedError, type ExternalProvisioner } from '../../server/provisioning/adapter';
import { provisionAdmin, provisionProduct, rollbackProvisioning, ServiceOrderNotFoundError } from '../../server/services/provisioning';

export interface ServiceOrderActivityDeps {
  db: Db;
  mailer: Mailer;
  appUrl: string;
  /** Where operations look at a workflow (TEMPORAL_UI_URL + namespace). */
  temporalUiUrl: string;
  /** Null: the embedded provisioner (Seatplan's own database). */
  provisioner: ExternalProvisioner | null;
  /** The promise of seed 000, for the alert's words. */
  slaHours: number;
}

export type ServiceOrderCharge = { status: 'succeeded' | 'requires_action' | 'processing' | 'failed'; failureMessage?: string | null };

/** The money steps of WF-3, on the order core: one charge per payment step, the refund, the invoice and the receipt. */
export interface ServiceOrderMoneyActivities {
  chargeServiceOrder(input: { serviceOrderId: string; step: string; idempotencyKey: string }): Promise<ServiceOrderCharge>;
  refreshServiceOrderPayment(input: { serviceOrderId: string; step: string }): Promise<ServiceOrderCharge>;
  cancelServiceOrderPayment(input: { serviceOrderId: string; step: string }): Promise<ServiceOrderCharge>;
  refundServiceOrder(input: { serviceOrderId: string; reason: string }): Promise<void>;
  invoiceServiceOrder(input: { serviceOrderId: string }): Promise<{ invoiceNumber: string }>;
  sendServiceOrderReceipt(input: { serviceOrderId: string; idempotencyKey: string }): Promise<void>;
}

/** Provisioning, state and the emails about a service order's course. */
export interface ServiceOrderCourseActivities {
  awaitServiceOrderPayment(input: { serviceOrderId: string; dueAt: string; reason: 'declined' | 'authentication'; message: string | null; idempotencyKey: string }): Promise<void>;
  markServiceOrderPaid(input: { serviceOrderId: string; step: string }): Promise<void>;
  provisionProduct(input: { serviceOrderId: string; productId: string; idempotencyKey: string }): Promise<{ status: 'applied' | 'pending' }>;
  provisionAdmin(input: { serviceOrderId: string; idempotencyKey: string }): Promise<void>;
  rollbackProvisioning(input: { serviceOrderId: string }): Promise<void>;
  alertServiceOrderSla(input: { serviceOrderId: string; idempotencyKey: string }): Promise<void>;
  completeServiceOrder(input: { serviceOrderId: string }): Promise<void>;
  failServiceOrder(input: { serviceOrderId: string; reason: string; compensated: boolean; idempotencyKey: string }): Promise<void>;
}

export type ServiceOrderActivities = ServiceOrderMoneyActivities & ServiceOrderCourseActivities;

/** Permanent failures leave the activity as non-retryable ApplicationFailures the workflow compensates for. */
async function permanent<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ServiceOrderNotFoundError) throw ApplicationFailure.nonRetryable(err.message, 'ServiceOrderNotFound');
    if (err instanceof ProvisioningRefusedError) throw ApplicationFailure.nonRetryable(err.message, 'ProvisioningRefused');
    throw err;
  }
}

export function createServiceOrderCourseActivities(deps: ServiceOrderActivityDeps): ServiceOrderCourseActivities {
  const { db } = deps;
  const context = async (serviceOrderId: string) => {
    const so = await db
      .selectFrom('service_orders as so')
      .innerJoin('quotes as q', 'q.id', 'so.quote_id')
      .innerJoin('accounts as a', 'a.id', 'so.account_id')
      .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
      .leftJoin('staff as rep', 'rep.id', 'a.sales_rep_staff_id')
      .select(['so.id', 'so.account_id', 'so.placed_at', 'so.workflow_id', 'q.number', 'q.total', 'q.currency', 'a.name as account_name', 'u.email', 'u.name', 'u.locale', 'rep.email as rep_email', 'rep.name as rep_name'])
      .where('so.id', '=', serviceOrderId)
      .executeTakeFirst();
    if (!so) throw ApplicationFailure.nonRetryable(`service order ${serviceOrderId} does not exist`, 'ServiceOrderNotFound');
    return { ...so, locale: so.locale === 'it' ? ('it' as const) : ('en' as const), url: `${deps.appUrl}/portal/service-orders/${so.id}` };
  };
  const date = (d: Date, locale: 'en' | 'it') => new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(d);

  return {
    async awaitServiceOrderPayment({ serviceOrderId, dueAt, reason, message, idempotencyKey }) {
      await db.updateTable('service_orders').set({ status: 'awaiting_payment', payment_due_at: new Date(dueAt) }).where('id', '=', serviceOrderId).where('status', 'in', ['placed', 'awaiting_payment']).execute();
      const c = await context(serviceOrderId);
      await sendEmailOnce(deps, {
        key: idempotencyKey, to: c.email, locale: c.locale, template: 'serviceOrderPaymentNeeded',
        data: { name: c.name, number: c.number, total: formatMoney({ amount: c.total, currency: c.currency }, c.locale), reason, message, dueDate: date(new Date(dueAt), c.locale), serviceOrderUrl: c.url },
      });
    },

    async markServiceOrderPaid({ serviceOrderId }) {
      await db.updateTable('service_orders').set({ status: 'provisioning', paid_at: new Date(), payment_due_at: null }).where('id', '=', serviceOrderId).where('status', 'in', ['placed', 'awaiting_payment']).execute();
    },

    async provisionProduct({ serviceOrderId, productId, idempotencyKey }) {
      const r = await permanent(() => provisionProduct({ db, external: deps.provisioner }, { serviceOrderId, productId, idempotencyKey, at: new Date() }));
      return { status: r.status };
    },

    async provisionAdmin({ serviceOrderId }) {
      await permanent(() => provisionAdmin(db, { serviceOrderId }));
      await db.updateTable('service_orders').set({ provisioned_at: new Date() }).where('id', '=', serviceOrderId).where('provisioned_at', 'is', null).execute();
    },

    async rollbackProvisioning({ serviceOrderId }) {
      await permanent(() => rollbackProvisioning({ db, external: deps.provisioner }, { serviceOrderId, at: new Date() }));
    },

    async alertServiceOrderSla({ serviceOrderId, idempotencyKey }) {
      await db.updateTable('service_orders').set({ sla_breached_at: new Date() }).where('id', '=', serviceOrderId).where('sla_breached_at', 'is', null).execute();
      const c = await context(serviceOrderId);
      const workflowId = c.workflow_id ?? `service-order-${serviceOrderId}`;
      const workflowUrl = `${deps.temporalUiUrl}/workflows/${encodeURIComponent(workflowId)}`;
      const placedAt = c.placed_at ? date(c.placed_at, 'en') : '';
      const ops = await db.selectFrom('staff').select(['email', 'name']).where('role', '=', 'ops').where('disabled_at', 'is', null).execute();
      const staff = [...ops, ...(c.rep_email ? [{ email: c.rep_email, name: c.rep_name! }] : [])];
      for (const s of staff) {
        await sendEmailOnce(deps, {
          key: `${idempotencyKey}:${s.email}`, to: s.email, locale: 'en', template: 'serviceOrderDelayed',
          data: { name: s.name, number: c.number, accountName: c.account_name, placedAt, hours: deps.slaHours, audience: 'staff', workflowId, url: workflowUrl },
        });
      }
      await sendEmailOnce(deps, {
        key: `${idempotencyKey}:contact`, to: c.email, locale: c.locale, template: 'serviceOrderDelayed',
        data: { name: c.name, number: c.number, accountName: c.account_name, placedAt: c.placed_at ? date(c.placed_at, c.locale) : '', hours: deps.slaHours, audience: 'contact', workflowId, url: c.url },
      });
    },

    async completeServiceOrder({ serviceOrderId }) {
      await db.updateTable('service_orders').set({ status: 'completed', completed_at: new Date() }).where('id', '=', serviceOrderId).where('status', '<>', 'completed').execute();
    },

    async failServiceOrder({ serviceOrderId, reason, compensated, idempotencyKey }) {
      await db
        .updateTable('service_orders')
        .set({ status: compensated ? 'compensated' : 'failed', failure_reason: reason, ...(compensated && { compensated_at: new Date() }) })
        .where('id', '=', serviceOrderId)
        .where('status', 'not in', ['completed', 'failed', 'compensated'])
        .execute();
      const c = await context(serviceOrderId);
      const refunded = compensated
        ? await db.selectFrom('payments as p').innerJoin('refunds as r', 'r.payment_id', 'p.id').innerJoin('service_orders as so', 'so.order_id', 'p.order_id').select((eb) => eb.fn.sum<bigint>('r.amount').as('amount')).where('so.id', '=', serviceOrderId).executeTakeFirst()
        : undefined;
      const refundedText = refunded?.amount ? formatMoney({ amount: BigInt(refunded.amount), currency: c.currency }, c.locale) : null;
      await sendEmailOnce(deps, { key: `${idempotencyKey}:contact`, to: c.email, locale: c.locale, template: 'serviceOrderFailed', data: { name: c.name, number: c.number, accountName: c.account_name, reason, refunded: refundedText, audience: 'contact', url: c.url } });
      if (c.rep_email) {
        await sendEmailOnce(deps, { key: `${idempotencyKey}:rep`, to: c.rep_email, locale: 'en', template: 'serviceOrderFailed', data: { name: c.rep_name!, number: c.number, accountName: c.account_name, reason, refunded: refundedText, audience: 'staff', url: `${deps.appUrl}/backoffice/accounts/${c.account_id}` } });
      }
    },
  };
}
