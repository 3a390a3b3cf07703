import type { Db } from '../../db/client';
import { sendEmailOnce } from '../../server/email/send-once';
import type { Mailer } from '../../server/email/transport';
import { documentFormat } from '../../server/invoices/labels';
import { daysUntil } from '../../server/services/portal/purchase-orders';
import type { PurchaseOrderReminderPlan } from '../shared';

const DAY_MS = 86_400_000;

/** The outbox key of a purchase order's reminder: once per purchase order and expiry date. */
export const reminderKey = (purchaseOrderId: string, expiresOn: string) => `po-expiring:${purchaseOrderId}:${expiresOn}`;

/** CP-9 activities: what a purchase order's reminder workflow reads and sends. */
export function createPurchaseOrderActivities(deps: { db: Db; mailer: Mailer; appUrl: string }) {
  const { db } = deps;
  return {
    async planPurchaseOrderReminder(input: { purchaseOrderId: string; warningDays: number }): Promise<PurchaseOrderReminderPlan> {
      const po = await db.selectFrom('purchase_orders').select(['id', 'expires_on']).where('id', '=', input.purchaseOrderId).executeTakeFirst();
      if (!po) return { kind: 'gone' };
      if (!po.expires_on) return { kind: 'open_ended' };
      const day = Date.parse(`${po.expires_on}T00:00:00Z`);
      const sent = await db.selectFrom('email_outbox').select('id').where('idempotency_key', '=', reminderKey(po.id, po.expires_on)).where('sent_at', 'is not', null).executeTakeFirst();
      return {
        kind: 'dated',
        expiresOn: po.expires_on,
        remindAt: new Date(day - input.warningDays * DAY_MS).toISOString(),
        // Valid through its date (CP-9): it stops being valid when the next UTC day begins.
        expiresAt: new Date(day + DAY_MS).toISOString(),
        reminded: Boolean(sent),
      };
    },

    /** Emails the billing contact once per purchase order and date; nothing when the purchase order changed meanwhile. */
    async sendPurchaseOrderReminder(input: { purchaseOrderId: string; expiresOn: string }): Promise<'sent' | 'already-sent' | 'stale'> {
      const row = await db
        .selectFrom('purchase_orders as po')
        .innerJoin('accounts as a', 'a.id', 'po.account_id')
        .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
        .select(['po.id', 'po.number', 'po.expires_on', 'a.name as account', 'u.name', 'u.email', 'u.locale'])
        .where('po.id', '=', input.purchaseOrderId)
        .executeTakeFirst();
      if (!row || row.expires_on !== input.expiresOn) return 'stale';
      const locale = row.locale === 'it' ? 'it' : 'en';
      return sendEmailOnce(
        { db, mailer: deps.mailer },
        {
          key: reminderKey(row.id, input.expiresOn),
          to: row.email,
          locale,
          template: 'purchaseOrderExpiring',
          data: {
            name: row.name, account: row.account, number: row.number, expiresOn: documentFormat(locale).date(new Date(`${input.expiresOn}T00:00:00Z`)),
            days: Math.max(0, daysUntil(input.expiresOn, new Date())), purchaseOrdersUrl: `${deps.appUrl}/portal/purchase-orders`,
          },
        },
      );
    },
  };
}

export type PurchaseOrderActivities = ReturnType<typeof createPurchaseOrderActivities>;
