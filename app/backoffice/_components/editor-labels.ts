import 'server-only';
import type { MessageKey } from '../../../server/i18n/messages';
import type { EditorLabels } from './quote-editor';

/** The quote editor's words in the viewer's language (placeholders are filled in the browser). */
export function editorLabels(t: (key: MessageKey, vars?: Record<string, string | number>) => string): EditorLabels {
  return {
    lines: t('bo.editor.lines'), product: t('bo.editor.product'), tier: t('bo.editor.tier'), seats: t('bo.editor.seats'), discount: t('bo.editor.discount', { max: '{max}' }),
    term: t('bo.editor.term'), coTerm: t('bo.editor.coTerm', { date: '{date}' }), newTerm: t('bo.editor.newTerm'), listPrice: t('bo.editor.listPrice', { price: '{price}' }),
    current: t('bo.editor.current', { seats: '{seats}', tier: '{tier}' }), addLine: t('bo.editor.addLine'), removeLine: t('bo.editor.removeLine', { product: '{product}' }),
    expires: t('bo.editor.expires'), notes: t('bo.editor.notes'), preview: t('bo.editor.preview'), pricing: t('bo.editor.pricing'), po: t('bo.editor.po', { number: '{number}' }),
    noPo: t('bo.editor.noPo'), save: t('bo.editor.save'), saving: t('bo.editor.saving'), subtotal: t('quote.subtotal'), tax: t('quote.tax', { rate: '{rate}' }),
    reverseCharge: t('quote.reverseCharge'), total: t('quote.total'), amount: t('quote.amount'), failed: t('error.generic'),
  };
}
