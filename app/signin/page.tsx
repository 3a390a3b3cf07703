import { getT } from '../../server/i18n/server';
import { SignInForm } from './signin-form';

export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { t } = await getT();
  const { callbackUrl } = await searchParams;
  // Only same-site paths: an open redirect after sign-in would be a phishing aid.
  const next = callbackUrl && callbackUrl.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/billing/subscriptions';
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold">{t('signin.title')}</h1>
      <SignInForm next={next} labels={{ email: t('signin.email'), password: t('signin.password'), submit: t('signin.submit'), failed: t('signin.failed') }} />
    </div>
  );
}
