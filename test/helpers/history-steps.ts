import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

const json = (data: Uint8Array | null | undefined) => (data ? JSON.parse(Buffer.from(data).toString('utf8')) : {});

/**
 * What a workflow run did, read from its event history (`handle.fetchHistory()`): the activities that went
 * through the task queue, the local activities (Core's `core_local_activity` markers, by type), the patches
 * it recorded (`core_patch` markers), and how many workflow tasks it completed after a remote activity.
 */
export function historySteps(history: History) {
  const events = history.events ?? [];
  const markers = events.flatMap((e) => (e.markerRecordedEventAttributes ? [e.markerRecordedEventAttributes] : []));
  const markerData = (name: string, detail: string) =>
    markers.filter((m) => m.markerName === name).map((m) => json(m.details?.[detail]?.payloads?.[0]?.data));
  return {
    activityTasks: events.flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name ?? ''] : [])),
    localActivities: markerData('core_local_activity', 'data').map((d) => String(d.activity_type)),
    patches: markerData('core_patch', 'patch-data').map((d) => String(d.id)),
    /** The signals the workflow received, by name, in order. */
    signals: events.flatMap((e) => (e.workflowExecutionSignaledEventAttributes ? [e.workflowExecutionSignaledEventAttributes.signalName ?? ''] : [])),
    /** Workflow tasks completed after the (last) completion of the named remote activity. */
    workflowTasksAfter(activityType: string): number {
      const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activityType).map((e) => Number(e.eventId));
      const done = events.findLastIndex((e) => scheduled.includes(Number(e.activityTaskCompletedEventAttributes?.scheduledEventId ?? -1)));
      if (done < 0) throw new Error(`no completed ${activityType} activity in the history`);
      return events.slice(done + 1).filter((e) => e.workflowTaskCompletedEventAttributes).length;
    },
  };
}
