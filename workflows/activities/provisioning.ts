import { ApplicationFailure } from '@temporalio/activity';
import { ProvisioningRefusedError } from '../../server/provisioning/adapter';
import { assignAdminSeats, provisionAdmin, provisionProduct, rollbackProvisioning, ServiceOrderNotFoundError } from '../../server/services/provisioning';
import type { ActivityDeps } from './deps';

// WF-3 provisioning: what makes a service order's seats usable, per product, under idempotency keys
// (server/services/provisioning.ts). The seats themselves are the order's fulfilment (orders.ts).

export interface ProvisioningActivities {
  /** One product's seats at the provisioner ('pending': an external one is still at it; ask again with the same key). */
  provisionProduct(input: { serviceOrderId: string; productId: string; idempotencyKey: string }): Promise<{ status: 'applied' | 'pending' }>;
  /** The admin contact created or updated (before the order is fulfilled). */
  provisionAdmin(input: { serviceOrderId: string; idempotencyKey: string }): Promise<void>;
  /** The admin contact's seat of each product (after the order is fulfilled: the seats exist then). */
  assignAdminSeats(input: { serviceOrderId: string }): Promise<void>;
  /** Compensation: the admin contact back as it was, each provisioned product revoked. */
  rollbackProvisioning(input: { serviceOrderId: string }): Promise<void>;
}

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

export function createProvisioningActivities(deps: Pick<ActivityDeps, 'db' | 'provisioner'>): ProvisioningActivities {
  const { db } = deps;
  const adapter = { db, external: deps.provisioner };
  return {
    async provisionProduct({ serviceOrderId, productId, idempotencyKey }) {
      const r = await permanent(() => provisionProduct(adapter, { serviceOrderId, productId, idempotencyKey, at: new Date() }));
      return { status: r.status };
    },

    async provisionAdmin({ serviceOrderId }) {
      await permanent(() => provisionAdmin(db, { serviceOrderId }));
      // Every product and the admin contact are provisioned: what the portal shows as done before the invoice.
      await db.updateTable('service_orders').set({ provisioned_at: new Date() }).where('id', '=', serviceOrderId).where('provisioned_at', 'is', null).execute();
    },

    async assignAdminSeats({ serviceOrderId }) {
      await permanent(() => assignAdminSeats(db, { serviceOrderId }));
    },

    async rollbackProvisioning({ serviceOrderId }) {
      await permanent(() => rollbackProvisioning(adapter, { serviceOrderId, at: new Date() }));
    },
  };
}
