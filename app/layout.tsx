import { Link } from './_components/link';
import './globals.css';
import { getT } from '../server/i18n/server';
import { HeaderMenu } from './_components/header-menu';
import { LanguageSwitch } from './_components/language-switch';
import { SessionNav } from './_components/session-nav';
import { ErrorTextProvider } from './_components/error-text';
import { documentTitle } from './_components/page-title';

// No title here: Next renders metadata under a per-request key, so every router.refresh() unmounts the
// <title> and mounts it again only once the new metadata resolves, and for that moment the document
// has no title (an axe check caught it). Each page renders its own <PageTitle> instead, which stays
// mounted. No fallback <title> here either: next to a page's, Chromium showed three in <head>. The
// description is rendered here for the same reason, in the viewer's language.

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { locale, t } = await getT();
  return (
    <html lang={locale}>
      <head>
        <meta name="description" content={t('app.description')} />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:px-3 focus:py-2">
          {t('nav.skipToContent')}
        </a>
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3">
            <Link href="/" className="text-lg font-semibold text-brand-700">{t('app.name')}</Link>
            <HeaderMenu label={t('nav.main')} menu={t('nav.menu')}>
              <SessionNav t={t} />
              <LanguageSwitch locale={locale} label={t('nav.language')} />
            </HeaderMenu>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-5xl px-4 py-8">
          <ErrorTextProvider value={{ documentTitle: documentTitle(t, t('errorPage.title')), title: t('errorPage.title'), body: t('error.internal'), retry: t('errorPage.retry') }}>
            {children}
          </ErrorTextProvider>
        </main>
      </body>
    </html>
  );
}
