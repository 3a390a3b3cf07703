import type { RequestStatus } from '../../db/schema';
import type { MessageKey } from '../../server/i18n/messages';

export { requestCategoryText } from '../../server/requests/labels';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

const TONE: Record<RequestStatus, string> = {
  open: 'bg-blue-100 text-blue-900',
  waiting_for_customer: 'bg-amber-100 text-amber-900',
  resolved: 'bg-green-100 text-green-900',
};

/** A request's status; staff read "waiting for customer" where the contact reads "waiting for your answer". */
export function RequestStatusBadge({ status, t, staff = false }: { status: RequestStatus; t: T; staff?: boolean }) {
  const key = (staff ? `bo.requestStatus.${status}` : `requests.status.${status}`) as MessageKey;
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${TONE[status]}`} data-testid="request-status">{t(key)}</span>;
}
