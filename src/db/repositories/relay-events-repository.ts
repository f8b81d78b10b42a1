import type { Pool } from 'pg';
import type { EntityEvent } from '../../domain/types';

/** An undelivered event as the relay reads it from the transactional outbox (`entity_events`). */
export interface StoredEvent {
  id: string;
  companyId: string;
  entityId: string;
  partition: number;
  attempts: number;
  createdAt: Date;
  payload: { event: Omit<EntityEvent, 'id' | 'at'>; start: Record<string, string> };
}

/** The entity's relay partition: a stable hash of its id, so one replica holds all of its events. */
const PARTITION = '((hashtext(e.entity_id::text) & 2147483647) % $2)';

/**
 * Events ready to go out from the given partitions, oldest first within each entity. An event is ready
 * when it is neither parked nor backing off and no earlier event of its entity is (so the entity's order
 * holds). Companies take turns: each company's oldest ready event, then each one's second, and so on, so
 * a company with thousands queued cannot starve another. Entities in `skipEntityIds` (already being
 * delivered) are left out.
 */
export async function readyEvents(
  db: Pool,
  q: { partitions: number[]; partitionCount: number; skipEntityIds: string[]; limit: number },
): Promise<StoredEvent[]> {
  const { rows } = await db.query<{
    id: string;
    company_id: string;
    entity_id: string;
    partition: number;
    attempts: number;
    created_at: Date;
    payload: StoredEvent['payload'];
  }>(
    `SELECT ready.id, ready.company_id, ready.entity_id, ready.partition, ready.attempts, ready.created_at,
            ready.payload
       FROM (SELECT DISTINCT company_id FROM entity_events WHERE dispatched_at IS NULL) c
       CROSS JOIN LATERAL (
         SELECT e.*, ${PARTITION} AS partition, row_number() OVER (ORDER BY e.seq) AS turn
           FROM entity_events e
          WHERE e.company_id = c.company_id AND e.dispatched_at IS NULL AND e.parked_at IS NULL
            AND (e.next_attempt_at IS NULL OR e.next_attempt_at <= clock_timestamp())
            AND ${PARTITION} = ANY($1::int[])
            AND e.entity_id <> ALL($3::uuid[])
            AND NOT EXISTS (
              SELECT 1 FROM entity_events b
               WHERE b.entity_id = e.entity_id AND b.dispatched_at IS NULL AND b.seq < e.seq
                 AND (b.parked_at IS NOT NULL OR b.next_attempt_at > clock_timestamp()))
          ORDER BY e.seq
          LIMIT $4
       ) ready
      ORDER BY ready.turn, ready.seq
      LIMIT $4`,
    [q.partitions, q.partitionCount, q.skipEntityIds, q.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    companyId: r.company_id,
    entityId: r.entity_id,
    partition: r.partition,
    attempts: r.attempts,
    createdAt: r.created_at,
    payload: r.payload,
  }));
}

export async function markDispatched(db: Pool, id: string): Promise<void> {
  await db.query(
    'UPDATE entity_events SET dispatched_at = clock_timestamp(), next_attempt_at = NULL WHERE id = $1',
    [id],
  );
}

/**
 * Counts a failed delivery of the event: it is retried after `retryInMs`, or parked when this was its
 * last attempt. Returns whether it was parked.
 */
export async function recordFailedAttempt(
  db: Pool,
  id: string,
  f: { error: string; retryInMs: number; park: boolean },
): Promise<boolean> {
  const { rows } = await db.query<{ parked: boolean }>(
    `UPDATE entity_events
        SET attempts = attempts + 1, last_error = $2,
            next_attempt_at = clock_timestamp() + $3 * interval '1 millisecond',
            parked_at = CASE WHEN $4 THEN clock_timestamp() END
      WHERE id = $1 AND dispatched_at IS NULL
      RETURNING parked_at IS NOT NULL AS parked`,
    [id, f.error, f.retryInMs, f.park],
  );
  return rows[0]?.parked ?? false;
}

/** Notes why the event did not go out when Temporal itself was unreachable (not the event's fault). */
export async function recordUnreachable(db: Pool, id: string, error: string): Promise<void> {
  await db.query('UPDATE entity_events SET last_error = $2 WHERE id = $1', [id, error]);
}

export interface RelayBacklog {
  /** Events waiting to be delivered (retries with backoff included). */
  pending: number;
  /** Events waiting for an operator: parked ones and the later events of their entities behind them. */
  parked: number;
  /** Age of the oldest pending event, 0 when there is none. */
  oldestPendingSeconds: number;
}

export async function relayBacklog(db: Pool): Promise<RelayBacklog> {
  const { rows } = await db.query<RelayBacklog>(
    `SELECT count(*) FILTER (WHERE NOT held)::int AS "pending",
            count(*) FILTER (WHERE held)::int AS "parked",
            coalesce(extract(epoch FROM clock_timestamp() - min(created_at) FILTER (WHERE NOT held)), 0)::float
              AS "oldestPendingSeconds"
       FROM (SELECT e.created_at,
                    EXISTS (SELECT 1 FROM entity_events p
                             WHERE p.entity_id = e.entity_id AND p.dispatched_at IS NULL
                               AND p.parked_at IS NOT NULL AND p.seq <= e.seq) AS held
               FROM entity_events e WHERE e.dispatched_at IS NULL) pending`,
  );
  return rows[0]!;
}

export interface ParkedEvent {
  id: string;
  companyId: string;
  entity: string;
  entityId: string;
  type: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  parkedAt: string;
}

/** Parked events, oldest first (at most 100). */
export async function listParked(db: Pool): Promise<ParkedEvent[]> {
  const { rows } = await db.query<{
    id: string;
    company_id: string;
    entity: string;
    entity_id: string;
    type: string;
    attempts: number;
    last_error: string | null;
    created_at: Date;
    parked_at: Date;
  }>(
    `SELECT id, company_id, entity, entity_id, type, attempts, last_error, created_at, parked_at
       FROM entity_events WHERE dispatched_at IS NULL AND parked_at IS NOT NULL ORDER BY seq LIMIT 100`,
  );
  return rows.map((r) => ({
    id: r.id,
    companyId: r.company_id,
    entity: r.entity,
    entityId: r.entity_id,
    type: r.type,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    parkedAt: r.parked_at.toISOString(),
  }));
}

/** Un-parks the given parked events (all of them when `ids` is absent) with fresh attempts; returns how many. */
export async function retryParked(db: Pool, ids?: string[]): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE entity_events SET parked_at = NULL, next_attempt_at = NULL, attempts = 0
      WHERE dispatched_at IS NULL AND parked_at IS NOT NULL AND ($1::uuid[] IS NULL OR id = ANY($1::uuid[]))`,
    [ids ?? null],
  );
  return rowCount ?? 0;
}

/** Deletes up to `limit` events dispatched more than `days` ago, oldest first; returns how many. */
export async function pruneDispatched(db: Pool, days: number, limit: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM entity_events WHERE id IN (
       SELECT id FROM entity_events WHERE dispatched_at < clock_timestamp() - $1 * interval '1 day'
        ORDER BY dispatched_at LIMIT $2)`,
    [days, limit],
  );
  return rowCount ?? 0;
}
