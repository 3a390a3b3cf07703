import { Link } from '../_components/link';
import { getT } from '../../server/i18n/server';
import { safeNext } from '../_components/guard';
import { SignInForm } from '../_components/sign-in-form';
import { PageTitle } from '../_components/page-title';

export const dynamic = 'force-dynamic';

/** Product sign-in (Billing Center, Admin Center, personal account): email + password. BC-1 lands on Subscriptions. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const { t } = await getT();
  const { callbackUrl } = await searchParams;
  const next = safeNext(callbackUrl, '/billing/subscriptions');
  const title = next.startsWith('/admin') ? t('signin.adminTitle') : t('signin.title');
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <PageTitle>{title}</PageTitle>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <SignInForm
        realm="product"
        next={next}
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
      <p><Link href="/signin/forgot-password" className="text-brand-700 underline">{t('signin.forgot')}</Link></p>
      <p className="text-sm text-slate-700">
        {t('signin.portalHint')} <Link href="/portal/signin" className="text-brand-700 underline">{t('signin.portalLink')}</Link>
      </p>
    </div>
  );
}
