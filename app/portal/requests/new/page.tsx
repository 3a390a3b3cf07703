import { Link } from '../../../_components/link';
import type { MessageKey } from '../../../../server/i18n/messages';
import { getT } from '../../../../server/i18n/server';
import { REQUEST_CATEGORIES, REQUEST_SUBCATEGORIES, type RequestCategoryName } from '../../../../server/requests/forms';
import { serverCaller } from '../../../../server/trpc/server-caller';
import { formatters } from '../../../_components/format';
import { orSignIn } from '../../../_components/guard';
import { NewRequestForm } from './new-request-form';
import { PageTitle } from '../../../_components/page-title';

export const dynamic = 'force-dynamic';

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * CP-13 (and CP-11, CP-12, CP-14, CP-15, which open it with `?category=`): a request to Corporate
 * Account Services — category, details, Submit.
 */
export default async function NewRequestPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { locale, t } = await getT();
  const sp = await searchParams;
  const asked = one(sp.category);
  const category: RequestCategoryName = (REQUEST_CATEGORIES as readonly string[]).includes(asked ?? '') ? (asked as RequestCategoryName) : 'form_request';
  const subscriptionId = one(sp.subscriptionId) ?? null;
  const options = await orSignIn((await serverCaller()).portal.requests.formOptions(), '/portal/signin', `/portal/requests/new${asked ? `?category=${encodeURIComponent(asked)}` : ''}`);
  const f = formatters(locale);
  const subcategories = Object.fromEntries(Object.values(REQUEST_SUBCATEGORIES).flat().map((s) => [s, t(`requests.subcategory.${s}` as MessageKey)]));
  return (
    <div className="space-y-6">
      <p><Link className="text-brand-700 underline" href="/portal/requests">{t('requests.back')}</Link></p>
      <PageTitle realm="portal">{t('requests.newTitle')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('requests.newTitle')}</h1>
      <p className="max-w-xl text-slate-700">{t('requests.newLead')}</p>
      <NewRequestForm
        initialCategory={category}
        initialSubscriptionId={subscriptionId}
        subscriptions={options.subscriptions.map((s) => ({
          id: s.id,
          label: `${s.product} ${s.tier} — ${t(`subs.status.${s.status}` as MessageKey)}${s.termEnd ? ` · ${t('requests.termEnds', { date: f.date(s.termEnd) })}` : ''}`,
          reactivation: s.reactivation,
          cancellation: s.cancellation,
        }))}
        labels={{
          category: t('requests.form.category'),
          subcategory: t('requests.form.subcategory'),
          subscription: t('requests.subscription'),
          details: t('requests.form.details'),
          detailsHint: t('requests.form.detailsHint'),
          submit: t('requests.form.submit'),
          sending: t('requests.form.sending'),
          categories: Object.fromEntries(REQUEST_CATEGORIES.map((c) => [c, t(`requests.category.${c}` as MessageKey)])) as Record<RequestCategoryName, string>,
          subcategories,
          noExpired: t('requests.form.noExpired'),
          noActive: t('requests.form.noActive'),
          errors: { details: t('requests.form.detailsRequired'), subscription: t('requests.form.subscriptionRequired'), subcategory: t('requests.form.subcategoryRequired'), failed: t('error.generic') },
        }}
      />
    </div>
  );
}
