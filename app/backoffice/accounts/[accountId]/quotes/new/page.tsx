import { TRPCError } from '@trpc/server';
import { notFound } from 'next/navigation';
import { getT } from '../../../../../../server/i18n/server';
import { serverCaller } from '../../../../../../server/trpc/server-caller';
import { orSignIn } from '../../../../../_components/guard';
import { editorLabels } from '../../../../_components/editor-labels';
import { QuoteEditor } from '../../../../_components/quote-editor';
import { PageTitle } from '../../../../../_components/page-title';

export const dynamic = 'force-dynamic';

/** BO-1: a new quote for one of the rep's corporate accounts (saved as a draft, sent from its page). */
export default async function NewQuotePage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { locale, t } = await getT();
  const form = await orSignIn((await serverCaller()).backoffice.quotes.form({ accountId }), '/backoffice/signin', `/backoffice/accounts/${accountId}/quotes/new`).catch((err) => {
    if (err instanceof TRPCError && ['NOT_FOUND', 'BAD_REQUEST', 'FORBIDDEN'].includes(err.code)) notFound();
    throw err;
  });
  return (
    <div className="space-y-6">
      <PageTitle realm="backoffice">{t('bo.quotes.newTitle', { account: form.account.name })}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('bo.quotes.newTitle', { account: form.account.name })}</h1>
      <QuoteEditor form={form} locale={locale} labels={editorLabels(t)} />
    </div>
  );
}
