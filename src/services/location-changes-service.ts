/**
 * A location's working hours or time zone change: the location and one `order.location_changed` event
 * per open order it concerns are stored in one transaction. The order's workflow then brings its deferred
 * sends back to their earliest time, where the send-time check defers them to the new next opening, and
 * re-plans reminders in the new zone.
 */
import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../db/pool';
import * as entities from '../db/repositories/entities-repository';
import * as locations from '../db/repositories/locations-repository';

/** Open orders of the location with a deferred send that may still be pending, or (zone) any reminder. */
async function ordersConcerned(tx: PoolClient, companyId: string, locationId: string, zoneChanged: boolean) {
  const { rows } = await tx.query<{
    id: string;
    status_id: string;
    due_date: Date | null;
    client_id: string;
  }>(
    `SELECT o.id, o.status_id, o.due_date, o.client_id FROM orders o JOIN statuses s ON s.id = o.status_id
      WHERE o.company_id = $1 AND o.location_id = $2 AND NOT s.final
        AND (($3 AND o.due_date > now()) OR EXISTS (
          SELECT 1 FROM feed_entries f
           WHERE f.entity_id = o.id AND f.type = 'notification.scheduled' AND f.reason = 'outside_working_hours'
             AND f.scheduled_for > now() - interval '1 hour'))`,
    [companyId, locationId, zoneChanged],
  );
  return rows;
}

/** Returns the location as stored and how many events were stored (the caller wakes the relay then). */
export async function updateLocationAnnounced(
  db: Pool,
  companyId: string,
  current: locations.Location,
  next: locations.LocationInput,
): Promise<{ location: locations.Location; announced: number }> {
  return inTransaction(db, async (tx) => {
    const location = await locations.updateLocation(tx, companyId, current.id, next);
    const zoneChanged = current.timezone !== location.timezone;
    const hoursChanged = JSON.stringify(current.workingHours) !== JSON.stringify(location.workingHours);
    if (!zoneChanged && !hoursChanged) return { location, announced: 0 };
    const orders = await ordersConcerned(tx, companyId, location.id, zoneChanged);
    for (const o of orders) {
      const dueDate = o.due_date?.toISOString() ?? null;
      await entities.insertEntityEvent(
        tx,
        {
          companyId,
          entity: 'order',
          entityId: o.id,
          type: 'order.location_changed',
          statusId: o.status_id,
          previousStatusId: o.status_id,
          dueDate,
          previousDueDate: dueDate,
        },
        { clientId: o.client_id, locationId: location.id },
      );
    }
    return { location, announced: orders.length };
  });
}
