import { Link } from './link';
import type { MessageKey } from '../../server/i18n/messages';
import type { Locale } from '../../server/i18n/messages';
import { formatters } from './format';

interface Message {
  id: string;
  fromStaff: boolean;
  author: string | null;
  kind: 'reply' | 'resolution';
  body: string;
  createdAt: Date;
  quote: { id: string; number: string } | null;
}

/** CP-13: a request's conversation in order — the contact's details first, then every reply of both sides. */
export function Conversation({ t, locale, opening, messages, quoteHref }: {
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  locale: Locale;
  opening: { author: string; body: string; createdAt: Date };
  messages: Message[];
  quoteHref: (quoteId: string) => string;
}) {
  const f = formatters(locale);
  const item = (key: string, fromStaff: boolean, author: string, at: Date, body: string, extra?: React.ReactNode, testId?: string) => (
    <li key={key} className={`rounded-lg border p-4 ${fromStaff ? 'border-brand-600/30 bg-brand-50' : 'border-slate-200 bg-white'}`} data-testid={testId}>
      <p className="text-sm text-slate-700">
        <strong className="text-slate-900">{author}</strong>
        {fromStaff && <> · {t('requests.cas')}</>} · <time dateTime={at.toISOString()}>{f.dateTime(at)}</time>
      </p>
      {extra}
      <p className="mt-2 whitespace-pre-wrap break-words">{body}</p>
    </li>
  );
  return (
    <ol className="mt-3 space-y-3">
      {item('opening', false, opening.author, opening.createdAt, opening.body, undefined, 'request-details')}
      {messages.map((m) =>
        item(
          m.id,
          m.fromStaff,
          m.author ?? t('requests.cas'),
          m.createdAt,
          m.body,
          <>
            {m.kind === 'resolution' && <p className="mt-1 text-xs font-semibold uppercase text-green-800">{t('requests.resolutionNote')}</p>}
            {m.quote && <p className="mt-1 text-sm"><Link className="text-brand-700 underline" href={quoteHref(m.quote.id)}>{t('requests.quoteLink', { number: m.quote.number })}</Link></p>}
          </>,
          m.fromStaff ? 'staff-message' : 'contact-message',
        ),
      )}
    </ol>
  );
}
