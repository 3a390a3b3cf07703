import type { RequestCategory } from '../../db/schema';
import type { MessageKey, MessageParams } from '../i18n/messages';

/** CP-13: a request's category as the reader's language names it — "Form Requests > W-9/Vendor Form/Regional Forms" (seed 004). */
export function requestCategoryText(t: (key: MessageKey, vars?: MessageParams) => string, category: RequestCategory, subcategory: string | null): string {
  const main = t(`requests.category.${category}` as MessageKey);
  return subcategory ? `${main} > ${t(`requests.subcategory.${subcategory}` as MessageKey)}` : main;
}
