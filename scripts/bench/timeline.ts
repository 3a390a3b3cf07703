import type { BenchContext } from './context';
import { summarize } from './stats';

const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;

/**
 * Where a row's time went inside Temporal, from its workflows' histories: for workflow tasks and for each
 * activity type, the p50 of schedule-to-start (waiting for a worker slot or poller) and of start-to-close
 * (running), and the p50 of the whole workflow (first event → last; only events after `since`, e.g. a trial's conversion). Added to the report as a note.
 */
export async function addTimeline(ctx: BenchContext, row: string, workflowIds: string[], since = 0) {
  const waits = new Map<string, number[]>();
  const runs = new Map<string, number[]>();
  const whole: number[] = [];
  const push = (m: Map<string, number[]>, k: string, v: number) => m.set(k, [...(m.get(k) ?? []), v]);
  for (const id of workflowIds) {
    const events = ((await ctx.client.workflow.getHandle(id).fetchHistory()).events ?? []).filter((e) => ms(e.eventTime) >= since);
    const at = new Map<number, { time: number; name: string }>();
    for (const e of events) {
      const id = Number(e.eventId);
      const time = ms(e.eventTime);
      if (e.workflowTaskScheduledEventAttributes) at.set(id, { time, name: 'workflow task' });
      if (e.activityTaskScheduledEventAttributes) at.set(id, { time, name: `activity ${e.activityTaskScheduledEventAttributes.activityType?.name}` });
      const started = e.workflowTaskStartedEventAttributes ?? e.activityTaskStartedEventAttributes;
      if (started) {
        const s = at.get(Number(started.scheduledEventId))!;
        push(waits, s.name, time - s.time);
        at.set(id, { time, name: s.name });
      }
      const done = e.workflowTaskCompletedEventAttributes ?? e.activityTaskCompletedEventAttributes;
      if (done) {
        const s = at.get(Number(done.startedEventId));
        if (s) push(runs, s.name, time - s.time);
      }
    }
    if (events.length) whole.push(ms(events[events.length - 1]!.eventTime) - ms(events[0]!.eventTime));
  }
  const p50 = (xs: number[] | undefined) => (xs?.length ? summarize(xs).p50.toFixed(0) : '—');
  const lines = [`Where ${row}'s time went inside Temporal (${workflowIds.length} workflows, p50 ms; schedule-to-start / start-to-close): workflow first → last event ${p50(whole)}`];
  for (const name of [...waits.keys()].sort()) lines.push(`- ${name}: ${p50(waits.get(name))} / ${p50(runs.get(name))} (n=${waits.get(name)!.length})`);
  ctx.report.note(lines.join('\n'));
  console.log(`  ${lines.join('\n  ')}`);
}
