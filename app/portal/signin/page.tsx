import { Link } from '../../_components/link';
import { getT } from '../../../server/i18n/server';
import { safeNext } from '../../_components/guard';
import { SignInForm } from '../../_components/sign-in-form';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

/** CP-1 (004): Corporate Billing Portal sign-in with the portal user ID (a username or an email) and password. */
export default async function PortalSignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const { t } = await getT();
  const { callbackUrl } = await searchParams;
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <PageTitle realm="portal">{t('portal.signin.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('portal.signin.title')}</h1>
      <p className="text-slate-700">{t('portal.signin.lead')}</p>
      <SignInForm
        realm="portal"
        next={safeNext(callbackUrl, '/portal')}
        labels={{
          login: t('portal.userId'),
          password: t('signin.password'),
          submit: t('signin.submit'),
          invalidLogin: t('portal.invalidUserId'),
          invalidCredentials: t('portal.invalidCredentials'),
          passwordRequired: t('signin.passwordRequired'),
          throttled: t('signin.throttled'),
          unavailable: t('error.internal'),
        }}
      />
      <p><Link href="/portal/forgot-password" className="text-brand-700 underline">{t('signin.forgot')}</Link></p>
    </div>
  );
}
