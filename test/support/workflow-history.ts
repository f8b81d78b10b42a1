import type { WorkflowHandle } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import { eventually } from './e2e-stack';

type HistoryEvent = NonNullable<History['events']>[number];

async function events(handle: WorkflowHandle): Promise<HistoryEvent[]> {
  return (await handle.fetchHistory()).events ?? [];
}

/**
 * The activity an event stands for: a scheduled (remote) activity, or a local activity's marker (its
 * result recorded in the workflow task that ran it). Null for every other event.
 */
export function activityNameOf(e: HistoryEvent): string | null {
  const remote = e.activityTaskScheduledEventAttributes?.activityType?.name;
  if (remote) return remote;
  const marker = e.markerRecordedEventAttributes;
  if (marker?.markerName !== 'core_local_activity') return null;
  const data = marker.details?.data?.payloads?.[0]?.data;
  return data ? (JSON.parse(Buffer.from(data).toString('utf8')).activity_type as string) : null;
}

/** Names of the activities the current run called, remote or local, in order (e.g. how many `planEvent`). */
export async function scheduledActivities(handle: WorkflowHandle, name?: string): Promise<string[]> {
  return (await events(handle))
    .map(activityNameOf)
    .filter((n): n is string => n !== null && (name === undefined || n === name));
}

/** The task queue each `name` activity of the current run was scheduled on, in order. */
export async function activityTaskQueues(handle: WorkflowHandle, name: string): Promise<string[]> {
  return (await events(handle))
    .map((e) => e.activityTaskScheduledEventAttributes)
    .filter((a) => a?.activityType?.name === name)
    .map((a) => a!.taskQueue?.name ?? '');
}

/**
 * Waits until the run has received its `nth` signal (1-based) and completed a workflow task after it, and
 * returns the events that followed it: a barrier for "this signal was handled", e.g. to assert it did nothing.
 */
export async function eventsAfterSignal(handle: WorkflowHandle, nth: number): Promise<HistoryEvent[]> {
  return eventually(async () => {
    const all = await events(handle);
    const signals = all.flatMap((e, i) => (e.workflowExecutionSignaledEventAttributes ? [i] : []));
    if (signals.length < nth) return undefined;
    const after = all.slice(signals[nth - 1]! + 1);
    return after.some((e) => !!e.workflowTaskCompletedEventAttributes) ? after : undefined;
  });
}

/**
 * Waits until the workflow's current run is idle: its last event is the timer it waits on, so no workflow
 * task or activity is in flight. Queries then never meet a run that is just continuing as new (the
 * time-skipping server leaves such a query unanswered).
 */
export async function waitUntilIdle(handle: WorkflowHandle): Promise<void> {
  await eventually(async () => {
    const all = await events(handle);
    return all[all.length - 1]?.timerStartedEventAttributes ? true : undefined;
  });
}
