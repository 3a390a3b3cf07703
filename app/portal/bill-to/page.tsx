import { Link } from '../../_components/link';
import { POSTCODE_EXAMPLES } from '../../../server/portal/forms';
import { getT } from '../../../server/i18n/server';
import { serverCaller } from '../../../server/trpc/server-caller';
import { orSignIn } from '../../_components/guard';
import { linkClass } from '../_components/format';
import { portalMessages } from '../_components/portal-messages';
import { BillToForm } from './bill-to-form';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

/** CP-3 (004): "Fatturare a" → Modifica: the billing contact, the billing address (not the country) and the phone → Salva. */
export default async function BillToPage() {
  const { locale, t } = await getT();
  const billTo = await orSignIn((await serverCaller()).portal.billTo.get(), '/portal/signin', '/portal/bill-to');
  const countryName = new Intl.DisplayNames([locale === 'it' ? 'it' : 'en'], { type: 'region' }).of(billTo.country) ?? billTo.country;
  const example = POSTCODE_EXAMPLES[billTo.country];
  return (
    <div className="max-w-2xl space-y-4">
      <PageTitle realm="portal">{t('portal.billTo.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('portal.billTo.title')}</h1>
      <p className="text-slate-700">{t('portal.billTo.lead')}</p>
      <BillToForm
        initial={{ contactName: billTo.contactName, contactEmail: billTo.contactEmail, street: billTo.street ?? '', city: billTo.city ?? '', postcode: billTo.postcode ?? '', region: billTo.region ?? '', phone: billTo.phone ?? '' }}
        country={billTo.country}
        countryName={countryName}
        messages={portalMessages(t)}
        labels={{
          contactSection: t('portal.billTo.contactSection'), addressSection: t('portal.billTo.addressSection'),
          contactName: t('portal.billTo.name'), contactEmail: t('portal.billTo.email'), street: t('portal.billTo.street'), city: t('portal.billTo.city'),
          postcode: t('portal.billTo.postcode'), postcodeHint: example ? t('portal.billTo.postcodeHint', { example }) : '', region: t('portal.billTo.region'),
          country: t('portal.billTo.country'), countryHint: t('portal.billTo.countryHint'), phone: t('portal.billTo.phone'), phoneHint: t('portal.billTo.phoneHint'),
          userIdHint: t('portal.billTo.userIdHint', { userId: billTo.userId }), save: t('portal.billTo.save'), saving: t('portal.billTo.saving'), saved: t('portal.billTo.saved'),
          emailNotice: t('portal.billTo.emailNotice'), unchanged: t('portal.billTo.unchanged'), failed: t('error.generic'),
        }}
      />
      <p><Link className={linkClass} href="/portal">{t('portal.billTo.cancel')}</Link></p>
    </div>
  );
}
