/**
 * Where one event's milliseconds go, read from the workflow's history: every workflow task and activity
 * task, each split into the time it waited in its task queue and the time it ran. All processes run on
 * this machine, so history times, PostgreSQL's clock_timestamp() and Date.now() share one clock.
 */
import type { Client } from '@temporalio/client';

type HistoryEvent = NonNullable<
  Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']
>[number];

export interface Segment {
  name: string;
  ms: number;
}

export interface WorkflowProfile {
  signaledAt: number;
  /** When the first of the activities `until` started (NaN when none did). */
  untilStartedAt: number;
  segments: Segment[];
  workflowTasks: number;
  activities: number;
  historyLength: number;
}

const ms = (t: HistoryEvent['eventTime']) => Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;

/**
 * The history from the first signal until one of the activities `until` (the one that sends) starts, as
 * consecutive segments: `WFT n queue/run`, `<activity> queue`, and each earlier activity's run.
 */
export async function profileWorkflow(
  client: Client,
  workflowId: string,
  until: string[],
): Promise<WorkflowProfile> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const segments: Segment[] = [];
  const activityType = new Map<string, string>();
  let signaledAt = NaN;
  let untilStartedAt = NaN;
  let cursor = NaN;
  let wft = 0;
  let workflowTasks = 0;
  let activities = 0;
  let done = false;
  const advance = (name: string, at: number) => {
    if (done || Number.isNaN(cursor)) return;
    segments.push({ name, ms: at - cursor });
    cursor = at;
  };
  for (const e of events) {
    const at = ms(e.eventTime);
    if (e.workflowExecutionSignaledEventAttributes && Number.isNaN(signaledAt)) {
      signaledAt = at;
      cursor = at;
    } else if (e.workflowTaskStartedEventAttributes) {
      wft++;
      advance(`WFT ${wft} queue`, at);
    } else if (e.workflowTaskCompletedEventAttributes) {
      workflowTasks++;
      advance(`WFT ${wft} run`, at);
    } else if (e.activityTaskScheduledEventAttributes) {
      activityType.set(String(e.eventId), e.activityTaskScheduledEventAttributes.activityType?.name ?? '?');
    } else if (e.activityTaskStartedEventAttributes) {
      const type = activityType.get(String(e.activityTaskStartedEventAttributes.scheduledEventId)) ?? '?';
      advance(`${type} queue`, at);
      if (until.includes(type) && !done) {
        done = true;
        untilStartedAt = at;
      }
    } else if (e.activityTaskCompletedEventAttributes) {
      activities++;
      const type = activityType.get(String(e.activityTaskCompletedEventAttributes.scheduledEventId)) ?? '?';
      advance(`${type} run`, at);
    } else if (e.workflowTaskScheduledEventAttributes && !Number.isNaN(cursor)) {
      // Scheduled as the activity completes: the queue segment of the next task starts here.
      advance('between tasks', at);
    }
  }
  return {
    signaledAt,
    untilStartedAt,
    segments,
    workflowTasks,
    activities,
    historyLength: events.length,
  };
}

/** The median of each named segment over many profiles, in the order segments first appear. */
export function medianSegments(all: Segment[][]): Segment[] {
  const byName = new Map<string, number[]>();
  for (const segments of all) {
    for (const s of segments) byName.set(s.name, [...(byName.get(s.name) ?? []), s.ms]);
  }
  return [...byName]
    .map(([name, values]) => {
      const sorted = values.sort((a, b) => a - b);
      return { name, ms: sorted[Math.floor((sorted.length - 1) / 2)]! };
    })
    .filter((s) => s.name !== 'between tasks' || s.ms >= 0.05);
}
