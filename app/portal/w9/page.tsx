import { Link } from '../../_components/link';
import { getT } from '../../../server/i18n/server';
import { serverCaller } from '../../../server/trpc/server-caller';
import { orSignIn } from '../../_components/guard';
import { card, linkClass } from '../_components/format';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

/** CP-12 (004 "Dove posso ottenere un modulo W-9 …?"): US accounts download it; others request forms from Corporate Account Services. */
export default async function W9Page() {
  const { t } = await getT();
  const w9 = await orSignIn((await serverCaller()).portal.w9(), '/portal/signin', '/portal/w9');
  return (
    <div className="max-w-2xl space-y-4">
      <PageTitle realm="portal">{t('portal.w9.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('portal.w9.title')}</h1>
      {w9.available ? (
        <section className={`${card} space-y-3`}>
          <p>{t('portal.w9.lead', { entity: w9.entity })}</p>
          <p><a className="inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700" href="/portal/w9/pdf">{t('portal.w9.download')}</a></p>
          {w9.sample && <p className="text-sm text-slate-600">{t('portal.w9.sample')}</p>}
        </section>
      ) : (
        <section className={`${card} space-y-3`}>
          <p>{t('portal.w9.notUs')}</p>
          <p><Link className={linkClass} href="/portal/requests/new?category=form_request">{t('portal.w9.request')}</Link></p>
        </section>
      )}
    </div>
  );
}
