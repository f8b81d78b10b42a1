import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { SearchAttributePair } from '@temporalio/common';
import type { EventPlan } from '../domain/event-plan';
import type { EntityEvent } from '../domain/types';
import {
  markDispatched,
  readyEvents,
  recordFailedAttempt,
  recordUnreachable,
  relayBacklog,
  type StoredEvent,
} from '../db/repositories/relay-events-repository';
import {
  eventRelayFailures,
  eventsParked,
  eventsRelayed,
  relayOldestPendingSeconds,
  relayParkedEvents,
  relayPendingEvents,
} from '../metrics';
import type { TemporalClientSource } from '../temporal/client';
import {
  ClientIdKey,
  CompanyIdKey,
  EntityIdKey,
  EntityTypeKey,
  LocationIdKey,
  StatusIdKey,
} from '../temporal/search-attributes';
import { entityEventSignal, workflowIdFor, type EntityWorkflowInput } from '../workflows/definitions';
import { LATEST_ENTITY_PATCH } from '../workflows/patches';
import { PartitionLeases } from './partition-leases';
import { afterFailedAttempt, type RetryPolicy } from './retry-schedule';

export interface EventRelayOptions {
  db: Pool;
  temporal: TemporalClientSource;
  taskQueue: string;
  logger: Logger;
  /** How often the relay rebalances partitions and retries what is due (it is also woken by changes). */
  intervalMs: number;
  searchAttributes: boolean;
  /** Entities' events are spread over this many partitions; every replica must use the same number. */
  partitions?: number;
  /** Entities whose events are relayed at the same time by this replica. */
  concurrency?: number;
  /** Deadline of one signal-with-start call. */
  callTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * Plans each event just before it is signalled, so the workflow needs no planning step of its own (one
   * local activity and one workflow activation fewer per event). When planning fails the event goes
   * without a plan and the workflow plans it, with its own retries.
   */
  plan?: (event: EntityEvent) => Promise<EventPlan>;
}

const DEFAULTS = {
  partitions: 16,
  concurrency: 16,
  callTimeoutMs: 10_000,
  retry: { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 5 * 60_000 },
};

/**
 * Delivers stored order/lead events to their workflows with signal-with-start and marks them
 * dispatched. Each entity's events go out one after another, in order; different entities' side by side,
 * and a slow or failing entity never holds up the others. An event Temporal refuses is retried with
 * backoff and parked after bounded attempts (its entity's later events wait behind it); while Temporal
 * is unreachable events simply wait, uncounted. Replicas share the work by partition (see
 * PartitionLeases); within a replica, companies take turns (see readyEvents).
 */
export class EventRelay {
  private readonly options: Required<Omit<EventRelayOptions, 'retry' | 'plan'>> &
    Pick<EventRelayOptions, 'plan'> & { retry: RetryPolicy };
  private readonly leases: PartitionLeases;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  /** Entities read but not started yet, each with its events in order (left out of further reads). */
  private queue: StoredEvent[][] = [];
  /** Entities being delivered now, with their partition. */
  private readonly inFlight = new Map<string, number>();
  /** Per company, how many of its entities are being delivered now (the next lane goes to the fewest). */
  private readonly lanesByCompany = new Map<string, number>();
  /** Per partition, how many entities are queued or in flight (a partition is handed over only at 0). */
  private readonly busy = new Map<number, number>();
  private refilling = false;
  /** Events may be ready that were not read yet. */
  private more = false;
  /** A change was stored since the last read: read it even while the queue is full (up to a bound). */
  private woken = false;
  /** Temporal was unreachable: no new reads until the next tick. */
  private paused = false;
  private probe: Promise<boolean> | undefined;
  private stopped = false;
  private draining = 0;
  private delivered = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(options: EventRelayOptions) {
    this.options = { ...DEFAULTS, ...options, retry: { ...DEFAULTS.retry, ...options.retry } };
    this.leases = new PartitionLeases(options.db, this.options.partitions);
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.options.intervalMs);
    this.tick();
  }

  /** Reads newly stored events now instead of at the next tick. */
  wake(): void {
    this.more = true;
    this.woken = true;
    this.pump();
  }

  /** The partitions this replica holds now. */
  ownedPartitions(): number[] {
    return this.leases.owned();
  }

  /** Delivers everything ready now (also on a stopped relay); returns how many events went out. */
  async drain(): Promise<number> {
    this.draining++;
    try {
      if (this.leases.owned().length === 0) await this.leases.rebalance((p) => this.busy.has(p));
      const before = this.delivered;
      this.paused = false;
      this.wake();
      await this.idle();
      return this.delivered - before;
    } finally {
      this.draining--;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.dropQueue();
    await this.ticking;
    await this.idle();
    await this.leases.releaseAll();
  }

  private get active(): boolean {
    return !this.stopped || this.draining > 0;
  }

  private tick(): void {
    if (this.ticking || this.stopped) return;
    this.ticking = (async () => {
      await this.leases.rebalance((p) => this.busy.has(p));
      this.paused = false;
      this.wake();
      const backlog = await relayBacklog(this.options.db);
      relayPendingEvents.set(backlog.pending);
      relayParkedEvents.set(backlog.parked);
      relayOldestPendingSeconds.set(backlog.oldestPendingSeconds);
    })()
      .catch((err) => this.options.logger.warn({ err }, 'event relay tick failed; retrying at the next'))
      .finally(() => {
        this.ticking = undefined;
      });
  }

  /**
   * Starts queued entities while lanes are free, and reads more when the queue runs low. Reads are small
   * (twice the lanes), and a newly stored change is read at once even while the queue is full (up to
   * four times the lanes), so another company's change does not wait for one company's queue to drain.
   */
  private pump(): void {
    const { concurrency } = this.options;
    while (this.active && this.inFlight.size < concurrency && this.queue.length > 0) {
      this.startLane(this.takeFairest());
    }
    const roomToRead = this.queue.length < concurrency || (this.woken && this.queue.length < 4 * concurrency);
    const canRead = this.active && this.more && !this.paused && !this.refilling && roomToRead;
    if (canRead) {
      this.more = false;
      this.woken = false;
      this.refilling = true;
      this.refill()
        .catch((err) =>
          this.options.logger.warn({ err }, 'event relay could not read events; retrying later'),
        )
        .finally(() => {
          this.refilling = false;
          this.pump();
        });
    }
    this.settleIdle();
  }

  private async refill(): Promise<void> {
    const partitions = this.leases.owned();
    if (partitions.length === 0) return;
    const limit = 2 * this.options.concurrency;
    const events = await readyEvents(this.options.db, {
      partitions,
      partitionCount: this.options.partitions,
      skipEntityIds: [...this.inFlight.keys(), ...this.queue.map((group) => group[0]!.entityId)],
      limit,
    });
    if (!this.active) return; // stopped while reading: these are read again by whoever runs next
    if (events.length === limit) this.more = true;
    const byEntity = new Map<string, StoredEvent[]>();
    for (const event of events) {
      const group = byEntity.get(event.entityId);
      if (group) group.push(event);
      else byEntity.set(event.entityId, [event]);
    }
    for (const group of byEntity.values()) {
      this.queue.push(group);
      this.markBusy(group[0]!.partition, +1);
    }
  }

  /** The queued entity of the company with the fewest lanes now (the oldest read among equals). */
  private takeFairest(): StoredEvent[] {
    let best = 0;
    let fewest = Infinity;
    for (let i = 0; i < this.queue.length && fewest > 0; i++) {
      const lanes = this.lanesByCompany.get(this.queue[i]![0]!.companyId) ?? 0;
      if (lanes < fewest) [best, fewest] = [i, lanes];
    }
    return this.queue.splice(best, 1)[0]!;
  }

  private startLane(group: StoredEvent[]): void {
    const { entityId, partition, companyId } = group[0]!;
    this.inFlight.set(entityId, partition);
    this.lanesByCompany.set(companyId, (this.lanesByCompany.get(companyId) ?? 0) + 1);
    this.deliverInOrder(group)
      .catch((err) => this.options.logger.warn({ err, entityId }, 'event relay could not record a delivery'))
      .finally(() => {
        this.inFlight.delete(entityId);
        const lanes = this.lanesByCompany.get(companyId)! - 1;
        if (lanes > 0) this.lanesByCompany.set(companyId, lanes);
        else this.lanesByCompany.delete(companyId);
        this.markBusy(partition, -1);
        // The entity's newer events were left out of reads while it was in flight.
        this.more = true;
        this.pump();
      });
  }

  private async deliverInOrder(group: StoredEvent[]): Promise<void> {
    for (const stored of group) {
      if (!this.active || this.paused) return;
      try {
        await this.signal(stored);
      } catch (err) {
        await this.failed(stored, err);
        return;
      }
      await markDispatched(this.options.db, stored.id);
      this.delivered++;
      eventsRelayed.inc();
    }
  }

  private async failed(stored: StoredEvent, err: unknown): Promise<void> {
    const { db, logger, retry } = this.options;
    eventRelayFailures.inc();
    if (!(await this.temporalReachable())) {
      // Not the event's fault: it keeps its attempts, and reading stops until the next tick.
      this.pauseReading();
      await recordUnreachable(db, stored.id, describeError(err));
      return;
    }
    const next = afterFailedAttempt(retry, stored.attempts + 1);
    const parked = await recordFailedAttempt(db, stored.id, {
      error: describeError(err),
      retryInMs: next.park ? 0 : next.retryInMs,
      park: next.park,
    });
    const context = { err, eventId: stored.id, entityId: stored.entityId, attempts: stored.attempts + 1 };
    if (parked) {
      eventsParked.inc();
      logger.error(context, 'event parked after its last attempt; its entity waits for an operator');
    } else {
      logger.warn(context, 'event refused by Temporal; retrying with backoff');
    }
  }

  private pauseReading(): void {
    this.paused = true;
    this.dropQueue();
  }

  /** Forgets entities read but not started; they are read again later. */
  private dropQueue(): void {
    for (const group of this.queue) this.markBusy(group[0]!.partition, -1);
    this.queue = [];
  }

  /** Whether the Temporal frontend answers (one probe shared by the lanes that fail at the same time). */
  private temporalReachable(): Promise<boolean> {
    this.probe ??= (async () => {
      try {
        const client = await this.options.temporal.get();
        await client.connection.withDeadline(Date.now() + 1500, () =>
          client.workflowService.getSystemInfo({}),
        );
        return true;
      } catch {
        return false;
      }
    })().finally(() => {
      this.probe = undefined;
    });
    return this.probe;
  }

  private async signal(stored: StoredEvent): Promise<void> {
    const { start } = stored.payload;
    // The row's id and time complete the event: they were not known when the payload was written.
    const event: EntityEvent = { ...stored.payload.event, id: stored.id, at: stored.createdAt.toISOString() };
    const input: EntityWorkflowInput = {
      companyId: event.companyId,
      entity: event.entity,
      entityId: event.entityId,
      patchedThrough: LATEST_ENTITY_PATCH,
    };
    const plan = await this.planFor(event);
    const client = await this.options.temporal.get();
    await client.connection.withDeadline(Date.now() + this.options.callTimeoutMs, () =>
      client.workflow.signalWithStart(
        event.entity === 'order' ? 'orderNotificationsWorkflow' : 'leadNotificationsWorkflow',
        {
          workflowId: workflowIdFor(event.companyId, event.entity, event.entityId),
          taskQueue: this.options.taskQueue,
          args: [input],
          signal: entityEventSignal,
          signalArgs: [plan ? { ...event, plan } : event],
          // Temporal's task queue fairness: one company's backlog of workflow and activity tasks does not
          // delay another's (the workflow's activities inherit the key).
          priority: { fairnessKey: event.companyId },
          ...(this.options.searchAttributes ? { typedSearchAttributes: searchAttributes(event, start) } : {}),
        },
      ),
    );
  }

  private async planFor(event: EntityEvent): Promise<EventPlan | undefined> {
    if (!this.options.plan) return undefined;
    try {
      return await this.options.plan(event);
    } catch (err) {
      this.options.logger.warn(
        { err, eventId: event.id },
        'event relay could not plan an event; its workflow will',
      );
      return undefined;
    }
  }

  private markBusy(partition: number, by: number): void {
    const count = (this.busy.get(partition) ?? 0) + by;
    if (count > 0) this.busy.set(partition, count);
    else this.busy.delete(partition);
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.settleIdle();
    });
  }

  private settleIdle(): void {
    const reading = this.active && this.more && !this.paused && this.leases.owned().length > 0;
    if (this.refilling || this.queue.length > 0 || this.inFlight.size > 0 || reading) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** The error with its causes ("Failed to signalWithStart Workflow: 4 DEADLINE_EXCEEDED: …"). */
function describeError(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e && parts.length < 4; e = (e as { cause?: unknown }).cause) {
    parts.push(e instanceof Error ? e.message : String(e));
  }
  return parts.join(': ');
}

function searchAttributes(event: EntityEvent, start: Record<string, string>): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [
    { key: CompanyIdKey, value: event.companyId },
    { key: EntityIdKey, value: event.entityId },
    { key: EntityTypeKey, value: event.entity },
  ];
  if (start.clientId) pairs.push({ key: ClientIdKey, value: start.clientId });
  if (start.locationId) pairs.push({ key: LocationIdKey, value: start.locationId });
  if (event.statusId) pairs.push({ key: StatusIdKey, value: event.statusId });
  return pairs;
}
