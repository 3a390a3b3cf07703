import { describe, expect, it } from 'vitest';
import { formatMessage, messageArgumentKinds, messageArguments } from '../../../server/i18n/format';
import { dictionaries, translate, type MessageKey } from '../../../server/i18n/messages';
import { LOCALES } from '../../../server/i18n/locale';
import { WorkflowMessageKeys } from '../../../workflows/shared';
import { isMessageKey } from '../../../server/i18n/messages';

const keys = Object.keys(dictionaries.en) as MessageKey[];

/** A distinct value per parameter (a number for plural and number arguments), so a swallowed placeholder shows. */
function sampleParams(message: string): Record<string, string | number> {
  return Object.fromEntries(Object.entries(messageArgumentKinds(message)).map(([a, kind], i) => [a, kind === 'plural' || kind === 'number' ? 3 + i : `«${a}»`]));
}

describe('i18n: one ICU message system for pages, emails, PDFs and errors', () => {
  it('English and Italian have the same keys', () => {
    expect(Object.keys(dictionaries.it).sort()).toEqual([...keys].sort());
  });

  it.each(keys)('%s: both languages parse, use the same placeholders, and print every parameter', (key) => {
    const args = messageArguments(dictionaries.en[key]);
    expect(messageArguments(dictionaries.it[key]), `placeholders of ${key}`).toEqual(args);
    for (const locale of LOCALES) {
      const message = dictionaries[locale][key];
      const params = sampleParams(message);
      const out = translate(locale, key, params);
      // A placeholder swallowed by an ICU quote ("l'{x}") or left unfilled prints its braces.
      expect(out, `${locale} ${key}: ${message}`).not.toMatch(/[{}]/);
      const kinds = messageArgumentKinds(message);
      for (const [name, value] of Object.entries(params)) if (kinds[name] === 'text') expect(out, `${locale} ${key} prints {${name}}`).toContain(value);
      // ICU quotes from an apostrophe before { } # | : in prose that is always an accident (use ’ or '').
      expect(message.replace(/''/g, ''), `${locale} ${key}: apostrophe before an ICU character`).not.toMatch(/'[{}#|]/);
    }
  });

  it('every message key workflow code hands over is in the tables', () => {
    for (const key of Object.values(WorkflowMessageKeys)) expect(isMessageKey(key), key).toBe(true);
  });

  it('ICU plurals: one and other, per language', () => {
    const m = { en: '{n, plural, one {# seat} other {# seats}}', it: '{n, plural, one {# postazione} other {# postazioni}}' };
    expect(formatMessage('en', m.en, { n: 1 })).toBe('1 seat');
    expect(formatMessage('en', m.en, { n: 3 })).toBe('3 seats');
    expect(formatMessage('it', m.it, { n: 1 })).toBe('1 postazione');
    expect(formatMessage('it', m.it, { n: 12000 })).toBe('12.000 postazioni');
  });

  it('a plain {name} prints its value as given (numbers unformatted), and a missing one prints as {name}', () => {
    expect(formatMessage('it', 'Ordine {id} di {n}', { id: 'ord_1', n: 2026 })).toBe('Ordine ord_1 di 2026');
    expect(formatMessage('en', 'From {start} to {end}', { start: 'May 1' })).toBe('From May 1 to {end}');
  });

  it("the apostrophe hazard is real: l'{x} swallows the placeholder, l’{x} does not", () => {
    expect(formatMessage('it', "dell'{x}", { x: 'account' })).not.toContain('account');
    expect(formatMessage('it', 'dell’{x}', { x: 'account' })).toBe('dell’account');
  });
});
