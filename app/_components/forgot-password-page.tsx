import { Link } from './link';
import type { RealmName } from '../../server/auth/forms';
import { env } from '../../server/env';
import { getT } from '../../server/i18n/server';
import { ForgotPasswordForm } from './forgot-password-form';
import { PageTitle } from './page-title';

const signInPath = { product: '/signin', portal: '/portal/signin', staff: '/backoffice/signin' } as const;
const titleRealm = { product: 'billing', portal: 'portal', staff: 'backoffice' } as const;

/** CP-2 "Forgot password?" page for one realm (portal: user ID; product and staff: email). */
export async function ForgotPasswordPage({ realm }: { realm: RealmName }) {
  const { t } = await getT();
  const login = realm === 'portal' ? t('portal.userId') : t('signin.email');
  return (
    <div className="mx-auto max-w-md space-y-6">
      <PageTitle realm={titleRealm[realm]}>{t('forgot.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('forgot.title')}</h1>
      <p className="text-slate-700">{t(`forgot.lead.${realm}`)}</p>
      <ForgotPasswordForm
        realm={realm}
        labels={{
          login,
          submit: t('forgot.submit'),
          invalidLogin: realm === 'portal' ? t('portal.invalidUserId') : t('signin.invalidEmail'),
          sent: t('forgot.sent', { n: env().PASSWORD_RESET_TTL_MINUTES }),
          failed: t('error.generic'),
        }}
      />
      <p><Link href={signInPath[realm]} className="text-brand-700 underline">{t('forgot.back')}</Link></p>
    </div>
  );
}
