import { Link } from '../_components/link';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../server/auth/forms';
import { getT } from '../../server/i18n/server';
import { serverCaller } from '../../server/trpc/server-caller';
import { searchParam } from '../_components/guard';
import { ResetPasswordForm } from './reset-form';
import { PageTitle } from '../_components/page-title';

export const dynamic = 'force-dynamic';

/** CP-2: the page the emailed reset link opens. A used or expired link is told so at once. */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { t } = await getT();
  // A repeated ?token= is an array: no link of ours looks like that.
  const token = searchParam((await searchParams).token);
  const check = token ? await (await serverCaller()).auth.checkResetToken({ token: token.slice(0, 200) }) : { valid: false as const };
  if (!token || !check.valid) {
    return (
      <div className="mx-auto max-w-md space-y-4">
        <PageTitle>{t('reset.title')}</PageTitle>
        <h1 className="text-2xl font-semibold">{t('reset.title')}</h1>
        <p role="alert" className="text-red-700">{t('reset.invalid')}</p>
        <ul className="list-disc space-y-1 pl-6">
          <li><Link href="/portal/forgot-password" className="text-brand-700 underline">{t('reset.requestNew')} — {t('nav.portal')}</Link></li>
          <li><Link href="/signin/forgot-password" className="text-brand-700 underline">{t('reset.requestNew')} — {t('nav.billingCenter')}</Link></li>
        </ul>
      </div>
    );
  }
  const signIn = { product: '/signin', portal: '/portal/signin', staff: '/backoffice/signin' }[check.realm];
  return (
    <div className="mx-auto max-w-md space-y-6">
      <PageTitle>{t('reset.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('reset.title')}</h1>
      <ResetPasswordForm
        token={token}
        signInPath={signIn}
        labels={{
          password: t('reset.password'),
          confirm: t('reset.confirm'),
          hint: t('password.hint', { n: PASSWORD_MIN }),
          submit: t('reset.submit'),
          tooShort: t('password.tooShort', { n: PASSWORD_MIN }),
          tooLong: t('password.tooLong', { n: PASSWORD_MAX }),
          mismatch: t('password.mismatch'),
          done: t('reset.done'),
          invalid: t('reset.invalid'),
          signIn: t('reset.signIn'),
          failed: t('error.generic'),
        }}
      />
    </div>
  );
}
