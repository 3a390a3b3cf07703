import { Link } from '../../_components/link';
import { getT } from '../../../server/i18n/server';
import { safeNext } from '../../_components/guard';
import { SignInForm } from '../../_components/sign-in-form';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

/** Back office sign-in for sales representatives and operations (staff realm). */
export default async function StaffSignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const { t } = await getT();
  const { callbackUrl } = await searchParams;
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <PageTitle realm="backoffice">{t('staff.signin.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('staff.signin.title')}</h1>
      <SignInForm
        realm="staff"
        next={safeNext(callbackUrl, '/backoffice')}
        labels={{
          login: t('signin.email'),
          password: t('signin.password'),
          submit: t('signin.submit'),
          invalidLogin: t('signin.invalidEmail'),
          invalidCredentials: t('signin.failed'),
          passwordRequired: t('signin.passwordRequired'),
          throttled: t('signin.throttled'),
          unavailable: t('error.internal'),
        }}
      />
      <p><Link href="/backoffice/forgot-password" className="text-brand-700 underline">{t('signin.forgot')}</Link></p>
    </div>
  );
}
