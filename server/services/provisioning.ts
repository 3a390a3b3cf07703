import { randomBytes } from 'node:crypto';
import type { Db, Trx } from '../../db/client';
import { newId } from '../../db/ids';
import { hashPassword } from '../auth/password';
import type { ExternalProvisioner, ProvisionResult } from '../provisioning/adapter';
import { audit } from './audit';

// WF-3 provisioning in Seatplan's database: each product's added seats are applied once (the row of
// `service_order_provisions`, claimed under its idempotency key, is the proof), the admin contact
// created or updated and given a seat of each product, and all of it undone in reverse when a later
// step fails permanently. With an external provisioner configured, it is asked first and the entitlement
// is recorded here once it reports the seats applied.

const actor = { realm: 'workflow' as const, id: null };

async function lockServiceOrder(trx: Trx, serviceOrderId: string) {
  const so = await trx.selectFrom('service_orders').selectAll().where('id', '=', serviceOrderId).forUpdate().executeTakeFirst();
  if (!so) throw new ServiceOrderNotFoundError(serviceOrderId);
  return so;
}

export class ServiceOrderNotFoundError extends Error {
  override name = 'ServiceOrderNotFoundError';
  constructor(id: string) {
    super(`service order ${id} does not exist`);
  }
}

/** The product's provisioning row, made on first use from the quote line (locked for the caller's transaction). */
async function claim(trx: Trx, serviceOrderId: string, productId: string, idempotencyKey: string) {
  const so = await lockServiceOrder(trx, serviceOrderId);
  const line = await trx.selectFrom('quote_lines').select(['id', 'seats', 'tier_id', 'term_start', 'term_end']).where('quote_id', '=', so.quote_id).where('product_id', '=', productId).executeTakeFirst();
  if (!line) throw new ServiceOrderNotFoundError(`${serviceOrderId} (no quote line for ${productId})`);
  await trx
    .insertInto('service_order_provisions')
    .values({ id: newId('prov'), service_order_id: serviceOrderId, quote_line_id: line.id, product_id: productId, seats: line.seats, idempotency_key: idempotencyKey })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
  const row = await trx.selectFrom('service_order_provisions').selectAll().where('idempotency_key', '=', idempotencyKey).forUpdate().executeTakeFirstOrThrow();
  return { so, line, row };
}

/** Adds the seats to the account's subscription of the product (or starts one, co-termed) — in the caller's transaction, once. */
async function applyEntitlement(trx: Trx, c: Awaited<ReturnType<typeof claim>>, at: Date, ref: string | null) {
  const { so, line, row } = c;
  const sub = await trx.selectFrom('subscriptions').select(['id', 'status', 'seats']).where('account_id', '=', so.account_id).where('product_id', '=', row.product_id).forNoKeyUpdate().executeTakeFirst();
  let subscriptionId: string;
  let created = false;
  if (sub && sub.status === 'active') {
    await trx.updateTable('subscriptions').set((eb) => ({ seats: eb('seats', '+', row.seats), version: eb('version', '+', 1) })).where('id', '=', sub.id).execute();
    subscriptionId = sub.id;
  } else {
    // A product new to the account (a rep's quote), or one that lapsed: active from now to the line's term end.
    const account = await trx.selectFrom('accounts').select('currency').where('id', '=', so.account_id).executeTakeFirstOrThrow();
    const values = { tier_id: line.tier_id, seats: row.seats, frequency: 'annual' as const, status: 'active' as const, current_period_start: at, current_period_end: line.term_end, currency: account.currency };
    if (sub) {
      await trx.updateTable('subscriptions').set((eb) => ({ ...values, version: eb('version', '+', 1) })).where('id', '=', sub.id).execute();
      subscriptionId = sub.id;
    } else {
      subscriptionId = newId('sub');
      await trx.insertInto('subscriptions').values({ id: subscriptionId, account_id: so.account_id, product_id: row.product_id, ...values }).execute();
    }
    created = true;
  }
  await trx
    .updateTable('service_order_provisions')
    .set({ status: 'applied', applied_at: at, subscription_id: subscriptionId, created_subscription: created, external_ref: ref })
    .where('id', '=', row.id)
    .execute();
  await audit(trx, { actor, accountId: so.account_id, action: 'service_order.seats_provisioned', subjectId: so.id, data: { productId: row.product_id, seats: row.seats, subscriptionId } });
}

/**
 * One product of a service order, under its idempotency key: applied at most once whatever is retried.
 * With an external provisioner, 'pending' until it reports the seats applied.
 */
export async function provisionProduct(
  deps: { db: Db; external: ExternalProvisioner | null },
  input: { serviceOrderId: string; productId: string; idempotencyKey: string; at: Date },
): Promise<ProvisionResult> {
  const { db, external } = deps;
  const first = await db.transaction().execute(async (trx) => {
    const c = await claim(trx, input.serviceOrderId, input.productId, input.idempotencyKey);
    if (c.row.status === 'applied') return { done: { status: 'applied' as const, ref: c.row.external_ref }, c: null };
    await trx.updateTable('service_order_provisions').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', c.row.id).execute();
    if (!external) {
      await applyEntitlement(trx, c, input.at, null);
      return { done: { status: 'applied' as const, ref: null }, c: null };
    }
    return { done: null, c };
  });
  if (first.done) return first.done;
  const c = first.c!;
  const sub = await db.selectFrom('subscriptions').select('id').where('account_id', '=', c.so.account_id).where('product_id', '=', input.productId).executeTakeFirst();
  const answer = await external!.provision({
    idempotencyKey: input.idempotencyKey, accountId: c.so.account_id, serviceOrderId: input.serviceOrderId, productId: input.productId,
    subscriptionId: sub?.id ?? '', seats: c.row.seats, termEnd: c.line.term_end,
  });
  if (answer.status === 'pending') {
    await db.updateTable('service_order_provisions').set({ external_ref: answer.ref }).where('id', '=', c.row.id).where('status', '=', 'pending').execute();
    return answer;
  }
  await db.transaction().execute(async (trx) => {
    const again = await claim(trx, input.serviceOrderId, input.productId, input.idempotencyKey);
    if (again.row.status !== 'applied') await applyEntitlement(trx, again, input.at, answer.ref);
  });
  return answer;
}

/**
 * Contatto per amministratori (seed 000): the new admin is created (a product login; they set a
 * password with Forgot password?) or the existing one updated and made an account admin, then given a
 * seat of each product of the order. Each part is recorded on the order, so a retry does nothing twice.
 */
export async function provisionAdmin(db: Db, input: { serviceOrderId: string }): Promise<void> {
  const passwordHash = await hashPassword(randomBytes(24).toString('hex'));
  await db.transaction().execute(async (trx) => {
    const so = await lockServiceOrder(trx, input.serviceOrderId);
    if (!so.admin_action || !so.admin_contact_email) return;
    let adminId = so.admin_user_id;
    if (so.admin_action === 'create' && !adminId) {
      adminId = newId('usr');
      await trx.insertInto('users').values({ id: adminId, account_id: so.account_id, email: so.admin_contact_email, name: so.admin_contact_name!, role: 'account_admin', password_hash: passwordHash }).execute();
      await trx.updateTable('service_orders').set({ admin_user_id: adminId, admin_created: true }).where('id', '=', so.id).execute();
      await audit(trx, { actor, accountId: so.account_id, action: 'service_order.admin_created', subjectId: so.id, data: { userId: adminId } });
    } else if (so.admin_action === 'update' && adminId && !so.admin_previous) {
      const before = await trx.selectFrom('users').select(['name', 'role']).where('id', '=', adminId).executeTakeFirstOrThrow();
      await trx.updateTable('users').set({ name: so.admin_contact_name!, role: 'account_admin' }).where('id', '=', adminId).execute();
      await trx.updateTable('service_orders').set({ admin_previous: { name: before.name, role: before.role } }).where('id', '=', so.id).execute();
      await audit(trx, { actor, accountId: so.account_id, action: 'service_order.admin_updated', subjectId: so.id, data: { userId: adminId } });
    }
    const provisions = await trx.selectFrom('service_order_provisions').select(['id', 'subscription_id']).where('service_order_id', '=', so.id).where('status', '=', 'applied').where('admin_seat_assigned', '=', false).execute();
    for (const p of provisions) {
      const inserted = await trx
        .insertInto('seat_assignments')
        .values({ subscription_id: p.subscription_id!, user_id: adminId! })
        .onConflict((oc) => oc.columns(['subscription_id', 'user_id']).doNothing())
        .returning('user_id')
        .executeTakeFirst();
      // Only a seat this order gave is taken back by a compensation.
      await trx.updateTable('service_order_provisions').set({ admin_seat_assigned: Boolean(inserted) }).where('id', '=', p.id).execute();
    }
  });
}

/** Compensation, in reverse: the admin's seats and the admin (disabled if created, restored if updated), then each product's seats. */
export async function rollbackProvisioning(deps: { db: Db; external: ExternalProvisioner | null }, input: { serviceOrderId: string; at: Date }): Promise<void> {
  const { db, external } = deps;
  const applied = await db.transaction().execute(async (trx) => {
    const so = await lockServiceOrder(trx, input.serviceOrderId);
    const provisions = await trx.selectFrom('service_order_provisions').selectAll().where('service_order_id', '=', so.id).orderBy('created_at', 'desc').execute();
    for (const p of provisions.filter((x) => x.admin_seat_assigned && so.admin_user_id)) {
      await trx.deleteFrom('seat_assignments').where('subscription_id', '=', p.subscription_id!).where('user_id', '=', so.admin_user_id!).execute();
      await trx.updateTable('service_order_provisions').set({ admin_seat_assigned: false }).where('id', '=', p.id).execute();
    }
    if (so.admin_created && so.admin_user_id) {
      await trx.updateTable('users').set({ disabled_at: input.at }).where('id', '=', so.admin_user_id).where('disabled_at', 'is', null).execute();
    } else if (so.admin_previous && so.admin_user_id) {
      const prev = so.admin_previous as { name: string; role: 'standard' | 'account_admin' };
      await trx.updateTable('users').set({ name: prev.name, role: prev.role }).where('id', '=', so.admin_user_id).execute();
      await trx.updateTable('service_orders').set({ admin_previous: null }).where('id', '=', so.id).execute();
    }
    return provisions.filter((p) => p.status === 'applied').map((p) => ({ ...p, accountId: so.account_id }));
  });
  for (const p of applied) {
    if (external) await external.revoke({ idempotencyKey: p.idempotency_key, accountId: p.accountId, productId: p.product_id, seats: p.seats });
    await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('service_order_provisions').selectAll().where('id', '=', p.id).forUpdate().executeTakeFirstOrThrow();
      if (row.status !== 'applied') return;
      if (row.created_subscription) {
        await trx.updateTable('subscriptions').set((eb) => ({ status: 'cancelled', version: eb('version', '+', 1) })).where('id', '=', row.subscription_id!).execute();
      } else {
        await trx.updateTable('subscriptions').set((eb) => ({ seats: eb('seats', '-', row.seats), version: eb('version', '+', 1) })).where('id', '=', row.subscription_id!).execute();
      }
      await trx.updateTable('service_order_provisions').set({ status: 'rolled_back', rolled_back_at: input.at }).where('id', '=', row.id).execute();
      await audit(trx, { actor, accountId: p.accountId, action: 'service_order.seats_rolled_back', subjectId: row.service_order_id, data: { productId: row.product_id, seats: row.seats } });
    });
  }
}
