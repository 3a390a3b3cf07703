import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import proto from '@temporalio/proto';
import { Worker, type ReplayResult } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { WorkflowTypes } from '../../workflows/shared';
import { workflowBundle } from '../helpers/workflow-env';

// Histories recorded from real runs of earlier versions of the workflows (scripts/record-histories.ts;
// see histories/README.md). Workflows run for days: new code must replay what is already in flight, or
// the change needs `patched()`. A failure here means the edit is not deterministic — never re-record to fix it.
const dir = path.join(import.meta.dirname, 'histories');

const WORKFLOW_OF_SPEC = {
  'WF-1': WorkflowTypes.trial,
  'WF-2': WorkflowTypes.subscriptionChange,
  'WF-3': WorkflowTypes.serviceOrder,
  'WF-4': WorkflowTypes.renewal,
  'WF-5': WorkflowTypes.invoicePayment,
  'WF-6': WorkflowTypes.quote,
  'CP-9': WorkflowTypes.purchaseOrderExpiry,
  // The periodic reconcile pass has no SPEC ID of its own: it serves the starts of the workflows it
  // makes when theirs was lost, chiefly WF-1 (trials) and WF-4 (renewals), so it goes by theirs.
  'WF-1/WF-4': WorkflowTypes.reconcile,
} as const;

/** Every committed history, with the path it pins. A new recording needs a line here. */
const HISTORIES: Record<string, { spec: keyof typeof WORKFLOW_OF_SPEC; path: string }> = {
  'trial-expired.json': { spec: 'WF-1', path: 'a trial started before conversion existed (no patch marker): a reminder, then expiry; recorded with stubbed activities' },
  'wf1-trial-converted.json': { spec: 'WF-1', path: 'conversion update → payment → activation → invoice → email' },
  'wf1-trial-converted-local-fulfilment.json': { spec: 'WF-1', path: 'the same, the activation a local activity (patch order-fulfilment-local-activity)' },
  'wf1-trial-converted-local-email.json': { spec: 'WF-1', path: 'the same, the activation and the confirmation email local activities in one workflow task (patch order-confirmation-local-activity)' },
  'wf1-trial-declined-then-converted.json': { spec: 'WF-1', path: 'declined card, trial runs on, a second order with a good card converts' },
  'wf1-trial-3ds-converted.json': { spec: 'WF-1', path: 'conversion waits for 3-D Secure, woken by the payment signal' },
  'wf1-trial-reminders-converted.json': { spec: 'WF-1', path: 'two reminder emails on timers, then a conversion before the end' },
  'wf1-trial-reminders-expired.json': { spec: 'WF-1', path: 'two reminder emails, then the trial expires without charge' },
  'wf1-cart-two-trials-runner.json': { spec: 'WF-1', path: 'BC-5 cart of two trials: this workflow charges and signals the other' },
  'wf1-cart-two-trials-signalled.json': { spec: 'WF-1', path: 'BC-5 cart of two trials: converted by the other trial’s signal, records the order ID' },
  'wf1-cart-two-trials-signalled-before-order-attribute.json': { spec: 'WF-1', path: 'the same, recorded before that patch: status only' },
  'wf2-change-paid.json': { spec: 'WF-2', path: 'upgrade with payment → apply → invoice → email' },
  'wf2-change-paid-local-fulfilment.json': { spec: 'WF-2', path: 'the same, the apply step a local activity (patch order-fulfilment-local-activity)' },
  'wf2-change-paid-local-email.json': { spec: 'WF-2', path: 'the same, apply and confirmation email local activities in one workflow task (patch order-confirmation-local-activity)' },
  'wf2-change-credit-note.json': { spec: 'WF-2', path: 'net-negative change: nothing charged, credit note' },
  'wf2-change-credit-note-local-fulfilment.json': { spec: 'WF-2', path: 'the same, the apply step a local activity' },
  'wf2-change-credit-note-local-email.json': { spec: 'WF-2', path: 'the same, apply and confirmation email local activities' },
  'wf2-change-declined.json': { spec: 'WF-2', path: 'declined card: order fails, nothing changed' },
  'wf2-change-3ds.json': { spec: 'WF-2', path: 'payment waits for 3-D Secure, woken by the payment signal' },
  'wf4-renewal-paid.json': { spec: 'WF-4', path: 'timer to the period end → renewal order written → takePayment → the core\'s fulfilOrder (invoice paid) → email → continue as new' },
  'wf4-renewal-declined-pay-now.json': { spec: 'WF-4', path: 'declined card → past due, the core issues the invoice open, email → pay-now update with a replaced card → fulfilOrder marks it paid, reactivated → continue as new' },
  'wf4-renewal-cancelled.json': { spec: 'WF-4', path: 'cancel at period end signalled while waiting → ends at the period end without a charge' },
  'wf4-corporate-invoice-paid.json': { spec: 'WF-4', path: 'corporate term end → fulfilOrder on net terms (invoice open, PO, due date), email → paid in the portal by an invoice payment order, the core tells the workflow → continue as new' },
  'wf4-dunning-lapse-pay-now.json': { spec: 'WF-4', path: 'the whole 3/5/7-day schedule on timers (off-session charges), lapse, seat release, then pay now; time-skipping server, stubbed activities' },
  'wf4-corporate-expired.json': { spec: 'WF-4', path: 'corporate term on net terms, reminders before and after the due date, expiry; time-skipping server, stubbed activities' },
  'wf4-renewal-paid-local-steps.json': { spec: 'WF-4', path: 'the same, the database steps (reads, opening, saved card) and the core\'s fulfilOrder local activities (patch renewal-local-steps): only the charge and the email are activity tasks' },
  'wf4-renewal-declined-pay-now-local-steps.json': { spec: 'WF-4', path: 'declined → past due → pay now, the failure record and the fulfilment local activities (patch renewal-local-steps)' },
  'wf4-renewal-cancelled-local-steps.json': { spec: 'WF-4', path: 'cancel at period end, the reads and endAtPeriodEnd local activities (patch renewal-local-steps)' },
  'wf4-corporate-invoice-paid-local-steps.json': { spec: 'WF-4', path: 'corporate net terms → paid in the portal, fulfilOrder on terms and renewalInvoicePaid local activities (patch renewal-local-steps)' },
  'wf4-dunning-lapse-pay-now-local-steps.json': { spec: 'WF-4', path: 'the whole dunning schedule, lapse, seat release, pay now, the database steps local activities (patch renewal-local-steps); time-skipping server, stubbed activities' },
  'wf4-corporate-expired-local-steps.json': { spec: 'WF-4', path: 'corporate reminders and expiry, the database steps local activities (patch renewal-local-steps); time-skipping server, stubbed activities' },
  'wf4-renewal-paid-truthful-status.json': { spec: 'WF-4', path: 'the local-steps path with SeatplanStatus charging while the first charge is in flight, then paid — never past due (patch renewal-truthful-status)' },
  'wf4-renewal-declined-pay-now-truthful-status.json': { spec: 'WF-4', path: 'charging → the first charge declined → past due → pay now → paid (patch renewal-truthful-status)' },
  'wf4-corporate-invoice-paid-truthful-status.json': { spec: 'WF-4', path: 'corporate net terms → invoiced (no card: nothing charged first), paid in the portal (patch renewal-truthful-status)' },
  'wf4-dunning-lapse-pay-now-truthful-status.json': { spec: 'WF-4', path: 'the whole dunning schedule, charging before the first attempt, past due after it (patch renewal-truthful-status); time-skipping server, stubbed activities' },
  'wf4-corporate-expired-truthful-status.json': { spec: 'WF-4', path: 'corporate reminders and expiry with the patch renewal-truthful-status marker; time-skipping server, stubbed activities' },
  'wf3-service-order-completed.json': { spec: 'WF-3', path: 'charge → two products provisioned → new admin → the order core fulfils the order (seats, invoice) → the admin’s seats → receipt' },
  'wf3-service-order-declined-then-paid.json': { spec: 'WF-3', path: 'payment window: declined card, awaiting payment with email and deadline, Pay now → a second attempt (charge-2) with the new card → completed' },
  'wf3-service-order-3ds.json': { spec: 'WF-3', path: 'payment window: 3-D Secure with the email, woken by the payment signal → completed' },
  'wf3-service-order-completed-local-steps.json': { spec: 'WF-3', path: 'the same as completed, the database-only steps local activities (patch service-order-local-steps): activity tasks only for the charge, the products and the receipt' },
  'wf3-service-order-declined-then-paid-local-steps.json': { spec: 'WF-3', path: 'the same as declined-then-paid, the card read as a local activity at each attempt (patch service-order-local-steps)' },
  'wf3-service-order-3ds-local-steps.json': { spec: 'WF-3', path: 'the same as 3ds, the database-only steps local activities (patch service-order-local-steps)' },
  'wf6-quote-rejected.json': { spec: 'WF-6', path: 'sent (email with PDF), resent, rejected by the contact; the rep told' },
  'wf6-quote-expired.json': { spec: 'WF-6', path: 'sent, the timer fires at the expiry date, expired; the rep told' },
  'wf6-quote-superseded.json': { spec: 'WF-6', path: 'sent, superseded by an add-seats order; the rep told' },
  'wf6-add-seats-quote-accepted.json': { spec: 'WF-6', path: 'an add-seats quote (no emails) accepted by placing its service order' },
  'cp9-purchase-order-reminded-then-removed.json': { spec: 'CP-9', path: 'purchase order expiring within 30 days: one reminder email, then removed while waiting for the expiry' },
  'cp9-purchase-order-edited-open-ended.json': { spec: 'CP-9', path: 'waiting for the warning date, edited to no expiry date: ends without an email' },
  'wf5-invoice-paid-in-part.json': { spec: 'WF-5', path: 'part of an invoice paid: charge → recorded with its receipt → receipt email' },
  'wf5-invoice-declined.json': { spec: 'WF-5', path: 'declined card: the order fails, nothing recorded' },
  'wf5-invoice-3ds.json': { spec: 'WF-5', path: 'payment waits for 3-D Secure, woken by the payment signal, then recorded' },
  'wf5-invoice-paid-in-part-local-steps.json': { spec: 'WF-5', path: 'the same as paid-in-part, the recording and the receipt email local activities in one workflow task (patch invoice-payment-local-steps): only the charge is an activity task' },
  'wf5-invoice-3ds-local-steps.json': { spec: 'WF-5', path: 'the same as 3ds, the recording and the receipt email local activities after the 3-D Secure wait (patch invoice-payment-local-steps)' },
  'reconcile-pass-repaired.json': { spec: 'WF-1/WF-4', path: 'a pass started by the reconcile Schedule (SeatplanStatus reconciling): the one heartbeating activity starts a renewal whose start was lost (and the demo data\'s workflows) → SeatplanStatus repaired' },
  'reconcile-pass-rows-failed.json': { spec: 'WF-1/WF-4', path: 'a pass that meets an open change order without an order line: the order is reported in the result, the lost renewal after it is started → patch reconcile-rows-failed, SeatplanStatus rows_failed' },
};

type History = proto.temporal.api.history.v1.History;
const load = (file: string): History =>
  // fromObject on the SDK's own proto classes (historyFromJSON trips over duplicated protobufjs copies).
  proto.temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
const started = (h: History) => h.events[0]!.workflowExecutionStartedEventAttributes!;

describe('WF-1 / WF-2 / WF-3 / WF-4 / WF-5 / WF-6 / CP-9 (and the reconcile pass) workflow code stays compatible with recorded histories', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const histories = new Map(files.map((f) => [f, load(f)]));
  const results = new Map<string, ReplayResult>();

  beforeAll(async () => {
    // One replay worker for all histories; each history replays under its recorded workflow ID.
    const byId = new Map([...histories].map(([file, h]) => [started(h).workflowId!, file]));
    expect(byId.size, 'two recordings share a workflow ID').toBe(histories.size);
    const input = [...histories].map(([, history]) => ({ workflowId: started(history).workflowId!, history }));
    for await (const r of Worker.runReplayHistories({ workflowBundle: workflowBundle() }, input)) results.set(byId.get(r.workflowId)!, r);
  });

  it('every committed history is listed with its SPEC ID, and every listed one is committed', () => {
    expect(files.sort()).toEqual(Object.keys(HISTORIES).sort());
  });

  it.each(Object.entries(HISTORIES).map(([file, h]) => [h.spec, file, h.path] as const))('%s replays %s (%s) without non-determinism', (spec, file) => {
    const history = histories.get(file)!;
    // The recording is of the workflow the title names, and of a whole run.
    expect(started(history).workflowType?.name).toBe(WORKFLOW_OF_SPEC[spec]);
    // A whole run: completed, or (WF-4, which lives for years) ended by continuing as new.
    const { EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: completed, EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW: continued } = proto.temporal.api.enums.v1.EventType;
    expect(spec === 'WF-4' ? [completed, continued] : [completed]).toContain(history.events.at(-1)?.eventType);
    const result = results.get(file);
    expect(result, 'not replayed').toBeDefined();
    if (result!.error) throw result!.error; // the SDK's DeterminismViolationError names the mismatched command
  });
});
