import type { OrderStatus } from '../../../db/schema';
import type { MessageKey } from '../../../server/i18n/messages';

const TONE: Record<OrderStatus, string> = {
  pending: 'bg-slate-100 text-slate-800',
  processing: 'bg-blue-100 text-blue-900',
  awaiting_payment: 'bg-amber-100 text-amber-900',
  completed: 'bg-green-100 text-green-900',
  failed: 'bg-red-100 text-red-800',
  cancelled: 'bg-slate-200 text-slate-800',
};

/** An order's status for operations, with "stuck" when it is unfinished past the threshold. */
export function OrderStatusBadge({ status, stuck, t }: { status: OrderStatus; stuck: boolean; t: (key: MessageKey) => string }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${TONE[status]}`}>{t(`ops.status.${status}` as MessageKey)}</span>
      {stuck && <span className="rounded-full bg-red-700 px-2 py-0.5 text-xs font-medium text-white" data-testid="stuck">{t('ops.stuck')}</span>}
    </span>
  );
}
