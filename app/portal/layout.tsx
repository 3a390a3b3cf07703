import { TRPCError } from '@trpc/server';
import { getT } from '../../server/i18n/server';
import { getSessionClaims } from '../../server/trpc/context';
import { PortalNav } from './_components/portal-nav';
import { portalMe } from './_components/portal-me';

/** Every Corporate Billing Portal page: who is signed in, for which account, and the top navigation (004). */
export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const session = await getSessionClaims();
  if (session?.realm !== 'portal') return <>{children}</>;
  const { t } = await getT();
  let me;
  try {
    me = await portalMe();
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'UNAUTHORIZED') return <>{children}</>;
    throw err;
  }
  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <p className="text-sm text-slate-700">
          <span className="font-semibold text-slate-900">{t('portal.home.title')}</span> · {t('portal.home.signedIn', { userId: me.userId, account: me.accountName })}
        </p>
        <PortalNav t={t} />
      </div>
      {children}
    </div>
  );
}
