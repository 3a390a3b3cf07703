'use client';

import { TRPCClientError } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { useId, useState, type ReactNode } from 'react';
import { answerWithQuoteForm, resolveForm, staffReplyForm } from '../../../../server/requests/forms';
import { Interactive } from '../../../_components/interactive';
import { trpc } from '../../../_components/trpc-client';

type State = { kind: 'idle' | 'busy' } | { kind: 'done'; message: string } | { kind: 'error'; message: string };

/** Runs a mutation, then re-renders the server page with what changed; errors arrive in the viewer's language. */
function useAction(failed: string) {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: 'idle' });
  async function run(fn: () => Promise<unknown>, done: string) {
    setState({ kind: 'busy' });
    try {
      await fn();
      setState({ kind: 'done', message: done });
      router.refresh();
      return true;
    } catch (err) {
      setState({ kind: 'error', message: err instanceof TRPCClientError ? err.message : failed });
      return false;
    }
  }
  return { state, setState, run };
}

function Feedback({ state, id }: { state: State; id: string }) {
  if (state.kind === 'error') return <p id={id} role="alert" className="text-sm text-red-700">{state.message}</p>;
  if (state.kind === 'done') return <p id={id} role="status" className="text-sm text-green-800">{state.message}</p>;
  return null;
}

const primary = 'rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60';
const secondary = 'rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-60';

export function AssignToMe({ requestId, labels }: { requestId: string; labels: { assign: string; done: string; failed: string } }) {
  const { state, run } = useAction(labels.failed);
  const id = useId();
  return (
    <Interactive>
      <button type="button" className={secondary} disabled={state.kind === 'busy'} aria-describedby={id} onClick={() => void run(() => trpc.backoffice.requests.assignToSelf.mutate({ requestId }), labels.done)}>
        {labels.assign}
      </button>
      <Feedback state={state} id={id} />
    </Interactive>
  );
}

export function StatusButton({ requestId, status, labels }: { requestId: string; status: 'open' | 'waiting_for_customer'; labels: { button: string; done: string; failed: string } }) {
  const { state, run } = useAction(labels.failed);
  const id = useId();
  return (
    <Interactive>
      <button type="button" className={secondary} disabled={state.kind === 'busy'} aria-describedby={id} onClick={() => void run(() => trpc.backoffice.requests.setStatus.mutate({ requestId, status }), labels.done)}>
        {labels.button}
      </button>
      <Feedback state={state} id={id} />
    </Interactive>
  );
}

function TextForm({ label, name, submit, busy, invalid, describedBy, onSubmit, children }: { label: string; name: string; submit: string; busy: boolean; invalid: boolean; describedBy: string; onSubmit: (form: FormData) => void; children?: ReactNode }) {
  const id = useId();
  return (
    <form noValidate className="space-y-2" onSubmit={(e) => { e.preventDefault(); onSubmit(new FormData(e.currentTarget)); }}>
      <label htmlFor={id} className="block text-sm font-medium">{label}</label>
      <textarea id={id} name={name} rows={5} maxLength={5000} required aria-invalid={invalid || undefined} aria-describedby={describedBy} className="w-full rounded-md border border-slate-400 px-3 py-2 text-sm" />
      {children}
      <button type="submit" className={primary} disabled={busy}>{submit}</button>
    </form>
  );
}

export function StaffReply({ requestId, labels }: { requestId: string; labels: { body: string; send: string; sending: string; sent: string; empty: string; failed: string; waiting: string; keepOpen: string; after: string } }) {
  const { state, setState, run } = useAction(labels.failed);
  const id = useId();
  const [key, setKey] = useState(0);
  return (
    <Interactive>
      <div key={key}>
        <TextForm
          label={labels.body}
          name="body"
          submit={state.kind === 'busy' ? labels.sending : labels.send}
          busy={state.kind === 'busy'}
          invalid={state.kind === 'error'}
          describedBy={id}
          onSubmit={(form) => {
            const parsed = staffReplyForm.safeParse({ requestId, body: String(form.get('body') ?? ''), status: String(form.get('status') ?? 'waiting_for_customer') });
            if (!parsed.success) return setState({ kind: 'error', message: labels.empty });
            void run(() => trpc.backoffice.requests.reply.mutate(parsed.data), labels.sent).then((ok) => ok && setKey((k) => k + 1));
          }}
        >
          <fieldset className="text-sm">
            <legend className="font-medium">{labels.after}</legend>
            <label className="mr-4 inline-flex items-center gap-1"><input type="radio" name="status" value="waiting_for_customer" defaultChecked /> {labels.waiting}</label>
            <label className="inline-flex items-center gap-1"><input type="radio" name="status" value="open" /> {labels.keepOpen}</label>
          </fieldset>
        </TextForm>
      </div>
      <Feedback state={state} id={id} />
    </Interactive>
  );
}

export function ResolveRequest({ requestId, labels }: { requestId: string; labels: { note: string; resolve: string; resolving: string; resolved: string; empty: string; failed: string } }) {
  const { state, setState, run } = useAction(labels.failed);
  const id = useId();
  return (
    <Interactive>
      <TextForm
        label={labels.note}
        name="note"
        submit={state.kind === 'busy' ? labels.resolving : labels.resolve}
        busy={state.kind === 'busy'}
        invalid={state.kind === 'error'}
        describedBy={id}
        onSubmit={(form) => {
          const parsed = resolveForm.safeParse({ requestId, note: String(form.get('note') ?? '') });
          if (!parsed.success) return setState({ kind: 'error', message: labels.empty });
          void run(() => trpc.backoffice.requests.resolve.mutate(parsed.data), labels.resolved);
        }}
      />
      <Feedback state={state} id={id} />
    </Interactive>
  );
}

export function AnswerWithQuote({ requestId, quotes, labels }: { requestId: string; quotes: Array<{ id: string; label: string }>; labels: { quote: string; body: string; send: string; sending: string; sent: string; empty: string; failed: string } }) {
  const { state, setState, run } = useAction(labels.failed);
  const id = useId();
  const selectId = useId();
  return (
    <Interactive>
      <TextForm
        label={labels.body}
        name="body"
        submit={state.kind === 'busy' ? labels.sending : labels.send}
        busy={state.kind === 'busy'}
        invalid={state.kind === 'error'}
        describedBy={id}
        onSubmit={(form) => {
          const parsed = answerWithQuoteForm.safeParse({ requestId, quoteId: String(form.get('quoteId') ?? ''), body: String(form.get('body') ?? '') });
          if (!parsed.success) return setState({ kind: 'error', message: labels.empty });
          void run(() => trpc.backoffice.requests.answerWithQuote.mutate(parsed.data), labels.sent);
        }}
      >
        <label htmlFor={selectId} className="block text-sm font-medium">{labels.quote}</label>
        <select id={selectId} name="quoteId" className="block rounded-md border border-slate-400 bg-white px-3 py-2 text-sm">
          {quotes.map((q) => <option key={q.id} value={q.id}>{q.label}</option>)}
        </select>
      </TextForm>
      <Feedback state={state} id={id} />
    </Interactive>
  );
}
