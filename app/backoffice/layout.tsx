import { getT } from '../../server/i18n/server';
import { getSessionClaims } from '../../server/trpc/context';
import { serverCaller } from '../../server/trpc/server-caller';
import { BackofficeNav } from './_components/backoffice-nav';

/** Back office pages get the navigation of the signed-in staff member's role; the sign-in pages do not. */
export default async function BackofficeLayout({ children }: { children: React.ReactNode }) {
  const session = await getSessionClaims();
  if (session?.realm !== 'staff') return children;
  const me = await (await serverCaller()).staff.me().catch(() => null);
  if (!me) return children;
  const { t } = await getT();
  return (
    <div className="space-y-6">
      <BackofficeNav can={me.can} t={t} />
      {children}
    </div>
  );
}
