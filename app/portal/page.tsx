import Link from 'next/link';
import { getT } from '../../server/i18n/server';
import { serverCaller } from '../../server/trpc/server-caller';
import { orSignIn } from '../_components/guard';

export const dynamic = 'force-dynamic';

/** Corporate Billing Portal home (004): Bill To (the layout says who is signed in and shows the tabs). */
export default async function PortalHome() {
  const { t } = await getT();
  const me = await orSignIn((await serverCaller()).portal.me(), '/portal/signin', '/portal');
  const address = [me.billTo.street, [me.billTo.postcode, me.billTo.city].filter(Boolean).join(' '), me.billTo.region, me.billTo.country].filter(Boolean);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('portal.home.title')}</h1>
      {/* CP-10 (seed 000): Sottoscrizioni → Aggiungi postazioni. */}
      <p>
        <Link href="/portal/add-seats" className="inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">{t('addSeats.action')}</Link>
      </p>
      <section aria-labelledby="bill-to" className="max-w-md rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="bill-to" className="text-lg font-semibold">{t('portal.billTo')}</h2>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600">{t('portal.contact')}</dt>
          <dd>{me.billTo.name} ({me.billTo.email})</dd>
          <dt className="text-slate-600">{t('portal.address')}</dt>
          <dd>{address.join(', ')}</dd>
          {me.billTo.phone && (
            <>
              <dt className="text-slate-600">{t('portal.phone')}</dt>
              <dd>{me.billTo.phone}</dd>
            </>
          )}
        </dl>
      </section>
    </div>
  );
}
