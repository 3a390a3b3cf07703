import { PASSWORD_MAX, PASSWORD_MIN } from '../../../server/auth/forms';
import { getT } from '../../../server/i18n/server';
import { ChangePasswordForm } from '../../account/change-password-form';
import { orSignIn } from '../../_components/guard';
import { portalMe } from '../_components/portal-me';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

/** The billing contact's portal password, changed while signed in (the portal user ID stays; other sessions end). */
export default async function PortalPasswordPage() {
  const { t } = await getT();
  const me = await orSignIn(portalMe(), '/portal/signin', '/portal/password');
  return (
    <section aria-labelledby="password" className="max-w-xl space-y-2">
      <PageTitle realm="portal">{t('account.password')}</PageTitle>
      <h1 id="password" className="text-2xl font-semibold">{t('account.password')}</h1>
      <p className="text-slate-700">{t('portal.password.lead', { userId: me.userId })}</p>
      <ChangePasswordForm
        realm="portal"
        email={me.userId}
        labels={{
          current: t('account.currentPassword'), next: t('account.newPassword'), confirm: t('account.confirmPassword'), hint: t('password.hint', { n: PASSWORD_MIN }),
          submit: t('account.savePassword'), done: t('account.passwordChanged'), wrongCurrent: t('account.wrongCurrent'), required: t('signin.passwordRequired'),
          tooShort: t('password.tooShort', { n: PASSWORD_MIN }), tooLong: t('password.tooLong', { n: PASSWORD_MAX }), mismatch: t('password.mismatch'), same: t('password.same'),
          throttled: t('account.throttled'), failed: t('error.generic'),
        }}
      />
    </section>
  );
}
