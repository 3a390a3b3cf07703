/**
 * ICU MessageFormat (intl-messageformat): the one formatter behind every translated string — pages,
 * client components, emails, PDFs and errors. Placeholders are `{name}`; plurals and selects are ICU
 * (`{n, plural, one {# seat} other {# seats}}`). Beware ICU's apostrophe: `'{` starts a quoted literal,
 * so Italian elisions before a placeholder use the typographic ’ (`dell’{x}`); test/unit/i18n checks
 * every message. Pure and isomorphic (no server-only imports), so client components format with it too.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { intlTag, type Locale } from './locale';

export type MessageParams = Record<string, string | number>;

const compiled = new Map<string, { format: IntlMessageFormat; args: string[] }>();

export type ArgumentKind = 'text' | 'number' | 'plural' | 'select' | 'date' | 'time';

/** The arguments a message uses and how (plural/select arguments and those nested in their options included). */
export function messageArgumentKinds(message: string): Record<string, ArgumentKind> {
  const kinds: Record<string, ArgumentKind> = {};
  const kindOf: Partial<Record<TYPE, ArgumentKind>> = { [TYPE.argument]: 'text', [TYPE.number]: 'number', [TYPE.plural]: 'plural', [TYPE.select]: 'select', [TYPE.date]: 'date', [TYPE.time]: 'time' };
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
      if (el.type === TYPE.tag) {
        walk(el.children);
        continue;
      }
      kinds[el.value] ??= kindOf[el.type] ?? 'text';
      if (el.type === TYPE.plural || el.type === TYPE.select) for (const opt of Object.values(el.options)) walk(opt.value);
    }
  };
  walk(parse(message));
  return kinds;
}

/** The argument names a message uses, sorted. */
export const messageArguments = (message: string): string[] => Object.keys(messageArgumentKinds(message)).sort();

function compile(locale: Locale, message: string) {
  const id = `${locale}\u0000${message}`;
  let c = compiled.get(id);
  if (!c) {
    c = { format: new IntlMessageFormat(message, intlTag(locale)), args: messageArguments(message) };
    compiled.set(id, c);
  }
  return c;
}

/**
 * Formats one ICU message. A parameter the caller did not give prints as `{name}` (as the page-label
 * pattern relies on: a server component passes `{start}` through for the client to fill) instead of
 * failing the page.
 */
export function formatMessage(locale: Locale, message: string, params: MessageParams = {}): string {
  const c = compile(locale, message);
  const values: MessageParams = { ...params };
  for (const a of c.args) if (values[a] === undefined) values[a] = `{${a}}`;
  return String(c.format.format(values));
}
