import type { MessageKey } from '../../../server/i18n/messages';

/** The shared labels of a ReasonAction form (each use sets its own `open` and `done`). */
export function reasonLabels(t: (key: MessageKey) => string) {
  return {
    open: '',
    done: '',
    reason: t('bo.reason'),
    submit: t('bo.confirm'),
    busy: t('bo.saving'),
    close: t('bo.close'),
    reasonInvalid: t('bo.reasonInvalid'),
    failed: t('error.generic'),
  };
}
