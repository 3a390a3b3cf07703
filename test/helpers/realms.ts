import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client';
import { newId } from '../../db/ids';
import type { SessionClaims } from '../../server/auth/options';
import { hashPassword } from '../../server/auth/password';
import type { Mailer } from '../../server/email/transport';
import type { Locale } from '../../server/i18n/messages';
import { createCaller } from '../../server/trpc/root';
import { testPayments } from './callers';

/** Callers for every realm (product, portal, staff) and anonymous — the same procedures and checks as HTTP. */
export type Who = 'anonymous' | { product: string } | { portal: string } | { staff: string };

export async function sessionFor(db: Db, who: Who, issuedAt = Math.floor(Date.now() / 1000)): Promise<SessionClaims | null> {
  if (who === 'anonymous') return null;
  if ('product' in who) {
    const u = await db.selectFrom('users').select(['id', 'account_id', 'role']).where('email', '=', who.product).executeTakeFirstOrThrow();
    return { realm: 'product', subjectId: u.id, issuedAt, accountId: u.account_id, role: u.role };
  }
  if ('portal' in who) {
    const c = await db.selectFrom('portal_credentials').select(['id', 'account_id']).where('login_id', '=', who.portal).executeTakeFirstOrThrow();
    return { realm: 'portal', subjectId: c.id, issuedAt, accountId: c.account_id, role: 'billing_contact' };
  }
  const s = await db.selectFrom('staff').select(['id', 'role']).where('email', '=', who.staff).executeTakeFirstOrThrow();
  return { realm: 'staff', subjectId: s.id, issuedAt, accountId: null, role: s.role };
}

export interface CallerDeps {
  db: Db;
  mailer?: Mailer;
  now?: () => Date;
  clientIp?: string | null;
  /** The caller's language (errors are told in it); English when absent. */
  locale?: Locale;
}

export function callerWithSession(deps: CallerDeps, session: SessionClaims | null) {
  return createCaller({
    db: deps.db,
    temporal: async () => {
      throw new Error('Temporal is not available to this caller');
    },
    taskQueue: 'unused',
    payments: testPayments(),
    now: deps.now ?? (() => new Date()),
    session,
    clientIp: deps.clientIp ?? '203.0.113.7',
    mailer: deps.mailer,
    locale: deps.locale,
  });
}

export async function callerAs(deps: CallerDeps, who: Who) {
  return callerWithSession(deps, await sessionFor(deps.db, who));
}

export const unique = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;

/**
 * A fresh account with unique email addresses (MailDev is shared by every test file, so tests that
 * read emails use addresses nobody else uses). Returns the people's emails and IDs.
 */
export async function createAccount(
  db: Db,
  opts: { kind: 'online' | 'corporate'; portalLoginId?: string; password?: string; portalPassword?: string },
) {
  const tag = randomBytes(4).toString('hex');
  const accountId = newId('acct');
  const hash = await hashPassword(opts.password ?? 'seatplan-demo');
  const people = {
    billing: { id: newId('usr'), email: `billing-${tag}@fixture.example`, name: `Billing ${tag}`, role: 'account_admin' as const },
    admin: { id: newId('usr'), email: `admin-${tag}@fixture.example`, name: `Admin ${tag}`, role: 'account_admin' as const },
    standard: { id: newId('usr'), email: `standard-${tag}@fixture.example`, name: `Standard ${tag}`, role: 'standard' as const },
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('accounts')
      .values({ id: accountId, name: `Fixture ${tag}`, kind: opts.kind, currency: 'USD', country: 'US', billing_contact_user_id: people.billing.id, billing_city: 'Springfield' })
      .execute();
    await trx
      .insertInto('users')
      .values(Object.values(people).map((p) => ({ id: p.id, account_id: accountId, email: p.email, name: p.name, role: p.role, password_hash: hash })))
      .execute();
    if (opts.portalLoginId) {
      await trx
        .insertInto('portal_credentials')
        .values({
          id: newId('pc'),
          account_id: accountId,
          user_id: people.billing.id,
          login_id: opts.portalLoginId.toLowerCase(),
          password_hash: opts.portalPassword ? await hashPassword(opts.portalPassword) : hash,
        })
        .execute();
    }
  });
  return { accountId, tag, ...people };
}
