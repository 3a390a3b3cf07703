import { randomBytes } from 'node:crypto';
import type { Db, Trx } from '../../db/client';
import { newId } from '../../db/ids';
import { hashPassword } from '../auth/password';
import type { ExternalProvisioner, ProvisionResult } from '../provisioning/adapter';
import { audit } from './audit';

// WF-3 provisioning: what makes a service order's seats usable, around the order's fulfilment (the
// order core's `seat_addition` lines, which add the seats to the subscriptions and issue the invoice):
//   before it — each product's seats at the provisioner (one `service_order_provisions` row per order
//   line, claimed under its idempotency key) and the admin contact created or updated; all of it undone
//   in reverse (`rollbackProvisioning`) when a step fails permanently, before anything was billed;
//   after it — the admin contact's seat of each product (the seats exist only once the order is fulfilled).
// The embedded provisioner is Seatplan itself: its products read their seats from Seatplan's database,
// where the fulfilment writes them, so a product's step is recorded as applied at once. An external
// provisioner (PROVISIONER_URL) is asked first and may take hours.

const actor = { realm: 'workflow' as const, id: null };

async function lockServiceOrder(trx: Trx, serviceOrderId: string) {
  const so = await trx.selectFrom('service_orders').selectAll().where('id', '=', serviceOrderId).forUpdate().executeTakeFirst();
  if (!so?.order_id) throw new ServiceOrderNotFoundError(serviceOrderId);
  return { ...so, order_id: so.order_id };
}

export class ServiceOrderNotFoundError extends Error {
  override name = 'ServiceOrderNotFoundError';
  constructor(id: string) {
    super(`service order ${id} does not exist or was never placed`);
  }
}

/** The product's provisioning row, made on first use from the order's line of that product (locked for the caller's transaction). */
async function claim(trx: Trx, serviceOrderId: string, productId: string, idempotencyKey: string) {
  const so = await lockServiceOrder(trx, serviceOrderId);
  const line = await trx.selectFrom('order_lines').select(['id', 'seats', 'period_end']).where('order_id', '=', so.order_id).where('product_id', '=', productId).executeTakeFirst();
  if (!line) throw new ServiceOrderNotFoundError(`${serviceOrderId} (no order line for ${productId})`);
  await trx
    .insertInto('service_order_provisions')
    .values({ id: newId('prov'), service_order_id: serviceOrderId, order_line_id: line.id, product_id: productId, seats: line.seats, idempotency_key: idempotencyKey })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
  const row = await trx.selectFrom('service_order_provisions').selectAll().where('idempotency_key', '=', idempotencyKey).forUpdate().executeTakeFirstOrThrow();
  return { so, line, row };
}

async function markApplied(trx: Trx, c: Awaited<ReturnType<typeof claim>>, at: Date, ref: string | null) {
  await trx.updateTable('service_order_provisions').set({ status: 'applied', applied_at: at, external_ref: ref }).where('id', '=', c.row.id).where('status', '=', 'pending').execute();
  await audit(trx, { actor, accountId: c.so.account_id, action: 'service_order.seats_provisioned', subjectId: c.so.id, data: { productId: c.row.product_id, seats: c.row.seats, ref } });
}

/**
 * One product of a service order, under its idempotency key: provisioned at most once whatever is
 * retried. With an external provisioner, 'pending' until it reports the seats applied.
 */
export async function provisionProduct(
  deps: { db: Db; external: ExternalProvisioner | null },
  input: { serviceOrderId: string; productId: string; idempotencyKey: string; at: Date },
): Promise<ProvisionResult> {
  const { db, external } = deps;
  const first = await db.transaction().execute(async (trx) => {
    const c = await claim(trx, input.serviceOrderId, input.productId, input.idempotencyKey);
    if (c.row.status === 'applied') return { done: { status: 'applied' as const, ref: c.row.external_ref }, c: null };
    if (c.row.status === 'rolled_back') throw new ServiceOrderNotFoundError(`${input.serviceOrderId} (provisioning of ${input.productId} was rolled back)`);
    await trx.updateTable('service_order_provisions').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', c.row.id).execute();
    if (!external) {
      await markApplied(trx, c, input.at, null);
      return { done: { status: 'applied' as const, ref: null }, c: null };
    }
    return { done: null, c };
  });
  if (first.done) return first.done;
  const c = first.c!;
  const sub = await db.selectFrom('subscriptions').select('id').where('account_id', '=', c.so.account_id).where('product_id', '=', input.productId).executeTakeFirst();
  const answer = await external!.provision({
    idempotencyKey: input.idempotencyKey, accountId: c.so.account_id, serviceOrderId: input.serviceOrderId, productId: input.productId,
    subscriptionId: sub?.id ?? '', seats: c.row.seats, termEnd: c.line.period_end!,
  });
  if (answer.status === 'pending') {
    await db.updateTable('service_order_provisions').set({ external_ref: answer.ref }).where('id', '=', c.row.id).where('status', '=', 'pending').execute();
    return answer;
  }
  await db.transaction().execute(async (trx) => {
    const again = await claim(trx, input.serviceOrderId, input.productId, input.idempotencyKey);
    if (again.row.status === 'pending') await markApplied(trx, again, input.at, answer.ref);
  });
  return answer;
}

/**
 * Contatto per amministratori (seed 000), before the order is fulfilled: the new admin is created (a
 * product login; they set a password with Forgot password?) or the existing one updated and made an
 * account admin. Each part is recorded on the service order, so a retry does nothing twice and a
 * compensation knows what to undo.
 */
export async function provisionAdmin(db: Db, input: { serviceOrderId: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const so = await lockServiceOrder(trx, input.serviceOrderId);
    if (!so.admin_action || !so.admin_contact_email) return;
    if (so.admin_action === 'create' && !so.admin_user_id) {
      // Only a new login needs the (unusable) password's argon2 hash: an existing admin costs no hashing.
      const passwordHash = await hashPassword(randomBytes(24).toString('hex'));
      const adminId = newId('usr');
      await trx.insertInto('users').values({ id: adminId, account_id: so.account_id, email: so.admin_contact_email, name: so.admin_contact_name!, role: 'account_admin', password_hash: passwordHash }).execute();
      await trx.updateTable('service_orders').set({ admin_user_id: adminId, admin_created: true }).where('id', '=', so.id).execute();
      await audit(trx, { actor, accountId: so.account_id, action: 'service_order.admin_created', subjectId: so.id, data: { userId: adminId } });
    } else if (so.admin_action === 'update' && so.admin_user_id && !so.admin_previous) {
      const before = await trx.selectFrom('users').select(['name', 'role']).where('id', '=', so.admin_user_id).executeTakeFirstOrThrow();
      await trx.updateTable('users').set({ name: so.admin_contact_name!, role: 'account_admin' }).where('id', '=', so.admin_user_id).execute();
      await trx.updateTable('service_orders').set({ admin_previous: { name: before.name, role: before.role } }).where('id', '=', so.id).execute();
      await audit(trx, { actor, accountId: so.account_id, action: 'service_order.admin_updated', subjectId: so.id, data: { userId: so.admin_user_id } });
    }
  });
}

/**
 * After the order's fulfilment: the admin contact takes one of the added seats of each product (once;
 * a seat they already held stays theirs). When the account's own admins assigned every seat in the
 * moment between, the admin gets none of that product, and the audit log says so; nothing fails here.
 */
export async function assignAdminSeats(db: Db, input: { serviceOrderId: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const so = await lockServiceOrder(trx, input.serviceOrderId);
    if (!so.admin_user_id) return;
    const provisions = await trx.selectFrom('service_order_provisions').select(['id', 'product_id']).where('service_order_id', '=', so.id).where('status', '=', 'applied').where('admin_seat_assigned', '=', false).orderBy('id').execute();
    for (const p of provisions) {
      // The subscription row serializes seat assignments (the seat guard counts under it); no key is changed.
      const sub = await trx.selectFrom('subscriptions').select(['id', 'seats']).where('account_id', '=', so.account_id).where('product_id', '=', p.product_id).where('status', '=', 'active').forNoKeyUpdate().executeTakeFirst();
      if (!sub) continue;
      const held = await trx.selectFrom('seat_assignments').select('user_id').where('subscription_id', '=', sub.id).execute();
      const hasSeat = held.some((h) => h.user_id === so.admin_user_id);
      if (!hasSeat && held.length >= sub.seats) {
        await audit(trx, { actor, accountId: so.account_id, action: 'service_order.admin_seat_skipped', subjectId: so.id, data: { productId: p.product_id, subscriptionId: sub.id } });
        continue;
      }
      if (!hasSeat) await trx.insertInto('seat_assignments').values({ subscription_id: sub.id, user_id: so.admin_user_id }).execute();
      await trx.updateTable('service_order_provisions').set({ admin_seat_assigned: true }).where('id', '=', p.id).execute();
    }
  });
}

/**
 * Compensation, before anything was billed (in reverse of provisioning): the admin contact (disabled if
 * this order created them, restored if it updated them), then each product provisioned at an external
 * provisioner revoked there. Subscriptions are untouched: their seats are added only by the order's
 * fulfilment, which comes after every step that can fail.
 */
export async function rollbackProvisioning(deps: { db: Db; external: ExternalProvisioner | null }, input: { serviceOrderId: string; at: Date }): Promise<void> {
  const { db, external } = deps;
  const applied = await db.transaction().execute(async (trx) => {
    const so = await lockServiceOrder(trx, input.serviceOrderId);
    if (so.admin_created && so.admin_user_id) {
      await trx.updateTable('users').set({ disabled_at: input.at }).where('id', '=', so.admin_user_id).where('disabled_at', 'is', null).execute();
    } else if (so.admin_previous && so.admin_user_id) {
      const prev = so.admin_previous as { name: string; role: 'standard' | 'account_admin' };
      await trx.updateTable('users').set({ name: prev.name, role: prev.role }).where('id', '=', so.admin_user_id).execute();
      await trx.updateTable('service_orders').set({ admin_previous: null }).where('id', '=', so.id).execute();
    }
    const provisions = await trx.selectFrom('service_order_provisions').selectAll().where('service_order_id', '=', so.id).where('status', '=', 'applied').orderBy('created_at', 'desc').execute();
    return provisions.map((p) => ({ ...p, accountId: so.account_id }));
  });
  for (const p of applied) {
    if (external) await external.revoke({ idempotencyKey: p.idempotency_key, accountId: p.accountId, productId: p.product_id, seats: p.seats });
    await db.transaction().execute(async (trx) => {
      const row = await trx.updateTable('service_order_provisions').set({ status: 'rolled_back', rolled_back_at: input.at }).where('id', '=', p.id).where('status', '=', 'applied').returning('id').executeTakeFirst();
      if (row) await audit(trx, { actor, accountId: p.accountId, action: 'service_order.seats_rolled_back', subjectId: p.service_order_id, data: { productId: p.product_id, seats: p.seats } });
    });
  }
}
