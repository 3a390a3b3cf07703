import { getT } from '../../../server/i18n/server';
import { MAX_RECIPIENTS } from '../../../server/portal/forms';
import { serverCaller } from '../../../server/trpc/server-caller';
import { orSignIn } from '../../_components/guard';
import { portalFormat } from '../_components/format';
import { portalMessages } from '../_components/portal-messages';
import { RecipientsEditor } from './recipients-editor';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

/** CP-8 (004): "Aggiungere contatti per ricevere le fatture tramite email" — add and remove invoice recipients. */
export default async function RecipientsPage() {
  const { locale, t } = await getT();
  const { contactEmail, recipients } = await orSignIn((await serverCaller()).portal.recipients.list(), '/portal/signin', '/portal/recipients');
  const f = portalFormat(locale);
  return (
    <div className="max-w-3xl space-y-4">
      <PageTitle realm="portal">{t('portal.recipients.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('portal.recipients.title')}</h1>
      <p className="text-slate-700">{t('portal.recipients.lead', { contact: contactEmail })}</p>
      <RecipientsEditor
        recipients={recipients.map((r) => ({ id: r.id, email: r.email, name: r.name, addedOn: f.date(r.addedAt) }))}
        max={MAX_RECIPIENTS}
        messages={portalMessages(t)}
        labels={{
          none: t('portal.recipients.none'), name: t('portal.recipients.name'), nameOptional: t('portal.recipients.nameOptional'), email: t('portal.recipients.email'),
          added: t('portal.recipients.added'), add: t('portal.recipients.add'), adding: t('portal.recipients.adding'), addTitle: t('portal.recipients.addTitle'),
          remove: t('portal.recipients.remove'), removeOne: t('portal.recipients.removeOne'), removed: t('portal.recipients.removed'), addedOk: t('portal.recipients.addedOk'),
          count: t('portal.recipients.count'), failed: t('error.generic'),
        }}
      />
    </div>
  );
}
