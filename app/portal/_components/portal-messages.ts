import type { MessageKey } from '../../../server/i18n/messages';
import { portalEn } from '../../../server/i18n/portal-messages';

/** The validation messages of the portal's forms, translated for the client (keys are the schemas' messages). */
export function portalMessages(t: (key: MessageKey) => string): Record<string, string> {
  return Object.fromEntries(Object.keys(portalEn).filter((k) => k.startsWith('portal.err.')).map((k) => [k, t(k as MessageKey)]));
}
