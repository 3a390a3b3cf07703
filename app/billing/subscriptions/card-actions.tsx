import { Link } from '../../_components/link';
import { CancelItem } from './cancel-item';

/**
 * BC-2: a trial card's **Subscribe now** and every card's options menu (a native disclosure: keyboard
 * and screen-reader friendly without script).
 */
export function CardActions(props: {
  subscriptionId: string;
  status: string;
  productName: string;
  labels: { subscribeNow: string; options: string; optionsFor: string; invoices: string; seats: string; modify?: string; paymentMethod?: string; cancel?: { cancel: string; undo: string; saving: string; failed: string } };
  /** BC-9: the subscription ends at its period's end (cancel scheduled); the menu offers the undo. */
  cancelling?: boolean;
}) {
  const { labels: l } = props;
  const trial = props.status === 'trial';
  return (
    <div className="mt-4 flex items-center justify-between gap-2">
      {trial ? (
        <Link href={`/billing/subscribe/${props.subscriptionId}`} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700" data-testid="subscribe-now">
          {l.subscribeNow}
        </Link>
      ) : (
        <span />
      )}
      <details className="relative">
        <summary className="cursor-pointer list-none rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50" aria-label={l.optionsFor}>
          <span aria-hidden="true">⋯</span> {l.options}
        </summary>
        <ul className="absolute right-0 z-10 mt-1 w-56 rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg">
          {trial && (
            <li><Link className="block px-3 py-2 hover:bg-slate-50" href={`/billing/subscribe/${props.subscriptionId}`}>{l.subscribeNow}</Link></li>
          )}
          {props.status === 'active' && l.modify && (
            <li><Link className="block px-3 py-2 hover:bg-slate-50" href={`/billing/modify/${props.subscriptionId}`}>{l.modify}</Link></li>
          )}
          {(props.status === 'active' || trial) && (
            <li><Link className="block px-3 py-2 hover:bg-slate-50" href={`/billing/seats/${props.subscriptionId}`}>{l.seats}</Link></li>
          )}
          {(props.status === 'active' || props.status === 'past_due' || props.status === 'lapsed') && l.paymentMethod && (
            <li><Link className="block px-3 py-2 hover:bg-slate-50" href="/billing/payment-method">{l.paymentMethod}</Link></li>
          )}
          <li><Link className="block px-3 py-2 hover:bg-slate-50" href="/billing/invoices">{l.invoices}</Link></li>
          {props.status === 'active' && l.cancel && (
            <li><CancelItem subscriptionId={props.subscriptionId} cancelling={props.cancelling ?? false} labels={l.cancel} /></li>
          )}
        </ul>
      </details>
    </div>
  );
}
