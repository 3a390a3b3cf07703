import { PASSWORD_MAX, PASSWORD_MIN } from '../../server/auth/forms';
import { getT } from '../../server/i18n/server';
import { serverCaller } from '../../server/trpc/server-caller';
import { orSignIn } from '../_components/guard';
import { ChangePasswordForm } from './change-password-form';
import { PageTitle } from '../_components/page-title';

export const dynamic = 'force-dynamic';

/** BC-7 personal account page: profile, own product seats, password change; the billing contact only for those AC-3 allows. */
export default async function AccountPage() {
  const { t } = await getT();
  const caller = await serverCaller();
  const me = await orSignIn(caller.account.me(), '/signin', '/account');
  const contact = (await caller.account.canSeeBillingContact()) ? (await caller.account.billingContact()).billingContact : null;
  const role = me.profile.isBillingContact ? t('account.role.billing') : t(`account.role.${me.profile.role}`);
  return (
    <div className="space-y-8">
      <PageTitle realm="billing">{t('account.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('account.title')}</h1>

      <section aria-labelledby="profile" className="max-w-xl rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="profile" className="text-lg font-semibold">{t('account.profile')}</h2>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600">{t('account.name')}</dt>
          <dd data-testid="profile-name">{me.profile.name}</dd>
          <dt className="text-slate-600">{t('account.email')}</dt>
          <dd>{me.profile.email}</dd>
          <dt className="text-slate-600">{t('account.account')}</dt>
          <dd>{me.account.name}</dd>
          <dt className="text-slate-600">{t('account.role')}</dt>
          <dd>{role}</dd>
        </dl>
      </section>

      {contact && (
        <section aria-labelledby="billing-contact" className="max-w-xl rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h2 id="billing-contact" className="text-lg font-semibold">{t('account.billingContact')}</h2>
          <p className="mt-2 text-sm" data-testid="billing-contact">{contact.name} ({contact.email})</p>
        </section>
      )}

      <section aria-labelledby="seats" className="max-w-xl">
        <h2 id="seats" className="text-lg font-semibold">{t('account.seats')}</h2>
        {me.seats.length === 0 ? (
          <p className="mt-2 text-slate-700">{t('account.noSeats')}</p>
        ) : (
          <ul className="mt-2 space-y-1" data-testid="my-seats">
            {me.seats.map((s) => (
              <li key={s.productId} className="rounded border border-slate-200 bg-white px-3 py-2">
                <span className="font-medium">{s.productName}</span> — {s.tierName}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="password" className="max-w-xl">
        <h2 id="password" className="text-lg font-semibold">{t('account.password')}</h2>
        <ChangePasswordForm
          email={me.profile.email}
          labels={{
            current: t('account.currentPassword'),
            next: t('account.newPassword'),
            confirm: t('account.confirmPassword'),
            hint: t('password.hint', { n: PASSWORD_MIN }),
            submit: t('account.savePassword'),
            done: t('account.passwordChanged'),
            wrongCurrent: t('account.wrongCurrent'),
            required: t('signin.passwordRequired'),
            tooShort: t('password.tooShort', { n: PASSWORD_MIN }),
            tooLong: t('password.tooLong', { n: PASSWORD_MAX }),
            mismatch: t('password.mismatch'),
            same: t('password.same'),
            throttled: t('account.throttled'),
            failed: t('error.generic'),
          }}
        />
      </section>
    </div>
  );
}
