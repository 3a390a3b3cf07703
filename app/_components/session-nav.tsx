import { Link } from './link';
import type { MessageKey } from '../../server/i18n/messages';
import { getSessionClaims } from '../../server/trpc/context';
import { SignOutButton } from './sign-out-button';

/** The header's links for the realm the visitor is signed in to (one session, one realm). */
export async function SessionNav({ t }: { t: (key: MessageKey) => string }) {
  const session = await getSessionClaims();
  const link = 'rounded px-2 py-1 hover:bg-slate-100 hover:underline';
  if (session?.realm === 'product') {
    return (
      <>
        <Link href="/billing/subscriptions" className={link}>{t('nav.billingCenter')}</Link>
        <Link href="/admin" className={link}>{t('nav.adminCenter')}</Link>
        <Link href="/account" className={link}>{t('nav.myAccount')}</Link>
        <SignOutButton label={t('nav.signOut')} callbackUrl="/signin" />
      </>
    );
  }
  if (session?.realm === 'portal') {
    return (
      <>
        <Link href="/portal" className={link}>{t('nav.portal')}</Link>
        <SignOutButton label={t('nav.signOut')} callbackUrl="/portal/signin" />
      </>
    );
  }
  if (session?.realm === 'staff') {
    return (
      <>
        <Link href="/backoffice" className={link}>{t('nav.backOffice')}</Link>
        <SignOutButton label={t('nav.signOut')} callbackUrl="/backoffice/signin" />
      </>
    );
  }
  return (
    <>
      <Link href="/billing/subscriptions" className={link}>{t('nav.billingCenter')}</Link>
      <Link href="/portal/signin" className={link}>{t('nav.portal')}</Link>
      <Link href="/signin" className={link}>{t('nav.signIn')}</Link>
    </>
  );
}
