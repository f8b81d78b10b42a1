import type { Pool } from 'pg';
import type { EntityEvent } from '../../src/domain/types';

/**
 * The entity's stored events, oldest first, as the relay delivers them (the row's id and time complete the
 * payload).
 */
export async function storedEvents(db: Pool, entityId: string): Promise<EntityEvent[]> {
  const { rows } = await db.query<{ id: string; created_at: Date; payload: { event: EntityEvent } }>(
    'SELECT id, created_at, payload FROM entity_events WHERE entity_id = $1 ORDER BY seq',
    [entityId],
  );
  return rows.map((r) => ({ ...r.payload.event, id: r.id, at: r.created_at.toISOString() }));
}
