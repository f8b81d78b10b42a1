import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { SearchAttributePair } from '@temporalio/common';
import type { EntityEvent } from '../domain/types';
import { eventRelayFailures, eventsRelayed } from '../metrics';
import type { TemporalClientSource } from '../temporal/client';
import {
  ClientIdKey,
  CompanyIdKey,
  EntityIdKey,
  EntityTypeKey,
  LocationIdKey,
  StatusIdKey,
} from '../temporal/search-attributes';
import { runInOrderedLanes } from './ordered-lanes';
import { entityEventSignal, workflowIdFor, type EntityWorkflowInput } from '../workflows/definitions';

// One relay at a time across all API replicas keeps each entity's events in order.
const RELAY_LOCK_KEY = 7_240_001;
const BATCH_SIZE = 100;
/** Entities whose events are relayed at the same time. */
const RELAY_CONCURRENCY = 16;

interface StoredEvent {
  id: string;
  created_at: Date;
  payload: { event: Omit<EntityEvent, 'id' | 'at'>; start: Record<string, string> };
}

/**
 * Delivers stored order/lead events to their workflows with signal-with-start, oldest first, and marks
 * them dispatched. While Temporal is unreachable events wait in the table; nothing accepted is lost.
 */
export class EventRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly deps: {
      db: Pool;
      temporal: TemporalClientSource;
      taskQueue: string;
      logger: Logger;
      intervalMs: number;
      searchAttributes: boolean;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), this.deps.intervalMs);
    this.wake();
  }

  /** Runs a pass now (or right after the one in progress). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((err) => this.deps.logger.warn({ err }, 'event relay pass failed; retrying later'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Delivers everything pending; returns how many events went out. */
  async drain(): Promise<number> {
    const conn = await this.deps.db.connect();
    let delivered = 0;
    try {
      const { rows } = await conn.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
        RELAY_LOCK_KEY,
      ]);
      if (!rows[0]!.locked) return 0;
      try {
        for (;;) {
          const batch = await conn.query<StoredEvent>(
            `SELECT id, created_at, payload FROM entity_events WHERE dispatched_at IS NULL ORDER BY seq LIMIT ${BATCH_SIZE}`,
          );
          delivered += await this.deliverBatch(batch.rows);
          if (batch.rows.length < BATCH_SIZE) return delivered;
        }
      } finally {
        await conn.query('SELECT pg_advisory_unlock($1)', [RELAY_LOCK_KEY]);
      }
    } finally {
      conn.release();
    }
  }

  /**
   * Each entity's events go out one after another, in order; different entities' go out side by side
   * (a signal-with-start is a round trip to the server). An entity whose event fails keeps the rest of
   * its events for the next pass; the others carry on, and the pass then reports the failure.
   */
  private deliverBatch(rows: StoredEvent[]): Promise<number> {
    return runInOrderedLanes(
      rows,
      (row) => `${row.payload.event.entity}:${row.payload.event.entityId}`,
      (row) => this.deliver(row),
      RELAY_CONCURRENCY,
    );
  }

  private async deliver(stored: StoredEvent): Promise<void> {
    const { db } = this.deps;
    const { start } = stored.payload;
    // The row's id and time complete the event: they were not known when the payload was written.
    const event: EntityEvent = {
      ...stored.payload.event,
      id: stored.id,
      at: stored.created_at.toISOString(),
    };
    try {
      const client = await this.deps.temporal.get();
      const input: EntityWorkflowInput = {
        companyId: event.companyId,
        entity: event.entity,
        entityId: event.entityId,
      };
      await client.workflow.signalWithStart(
        event.entity === 'order' ? 'orderNotificationsWorkflow' : 'leadNotificationsWorkflow',
        {
          workflowId: workflowIdFor(event.companyId, event.entity, event.entityId),
          taskQueue: this.deps.taskQueue,
          args: [input],
          signal: entityEventSignal,
          signalArgs: [event],
          ...(this.deps.searchAttributes ? { typedSearchAttributes: searchAttributes(event, start) } : {}),
        },
      );
    } catch (err) {
      eventRelayFailures.inc();
      await db.query('UPDATE entity_events SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [
        stored.id,
        String(err),
      ]);
      throw err;
    }
    await db.query('UPDATE entity_events SET dispatched_at = clock_timestamp() WHERE id = $1', [stored.id]);
    eventsRelayed.inc();
  }
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
