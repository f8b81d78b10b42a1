import type { Pool, PoolClient } from 'pg';
import { leadChangeEvents, orderChangeEvents } from '../domain/entity-changes';
import type { EntityEvent, EntityEventType, EntityKind } from '../domain/types';
import { AppError, invalidField, notFound } from '../errors/app-error';
import { findClient } from '../db/repositories/clients-repository';
import * as entities from '../db/repositories/entities-repository';
import { insertFeedEntry } from '../db/repositories/feed-repository';
import { findLocation } from '../db/repositories/locations-repository';
import { findStatus } from '../db/repositories/statuses-repository';
import { inTransaction } from '../db/pool';

/**
 * Orders and leads change here: the change, its feed entry and its event (the transactional outbox) are
 * stored in one transaction, so an accepted change is never lost even while Temporal is down.
 */

type EventFields = Pick<EntityEvent, 'statusId' | 'previousStatusId' | 'dueDate' | 'previousDueDate'>;

async function recordEvent(
  tx: PoolClient,
  ref: { companyId: string; entity: EntityKind; entityId: string; start: Record<string, string> },
  type: EntityEventType,
  fields: EventFields,
  feedData: Record<string, unknown>,
): Promise<void> {
  const event = await entities.insertEntityEvent(
    tx,
    { companyId: ref.companyId, entity: ref.entity, entityId: ref.entityId, type, ...fields },
    ref.start,
  );
  await insertFeedEntry(tx, {
    companyId: ref.companyId,
    entity: ref.entity,
    entityId: ref.entityId,
    type,
    at: event.at,
    data: feedData,
    dedupeKey: `${event.id}:entity`,
  });
}

/** What the feed entry of a status or due-date change carries (SPEC 5). */
function feedDataOf(type: EntityEventType, f: EventFields): Record<string, unknown> {
  return type === 'order.due_date_changed'
    ? { dueDate: f.dueDate, previousDueDate: f.previousDueDate }
    : { statusId: f.statusId, previousStatusId: f.previousStatusId };
}

export async function requireStatus(
  db: Pool | PoolClient,
  companyId: string,
  statusId: string,
  entity: EntityKind,
) {
  return checkStatus(await findStatus(db, companyId, statusId), entity);
}

function checkStatus(status: Awaited<ReturnType<typeof findStatus>>, entity: EntityKind) {
  if (!status) throw notFound('status');
  if (status.entity !== entity)
    throw invalidField(['statusId'], `is a ${status.entity} status, not an ${entity} status`);
  return status;
}

export async function requireClient(db: Pool | PoolClient, companyId: string, clientId: string) {
  if (!(await findClient(db, companyId, clientId))) throw notFound('client');
}

/** A refused insert as the API answers it: a duplicate number (409), a reference deleted meanwhile (404). */
function refusedInsert(err: unknown): never {
  const { code, constraint } = err as { code?: string; constraint?: string };
  // foreign_key_violation: the location (or status) was deleted after our check, before the insert.
  if (code === '23503') throw notFound(constraint?.includes('status') ? 'status' : 'location');
  if (code === '23505') {
    throw new AppError(409, 'duplicate_number', 'Another record of the company already has this number', {
      field: 'number',
    });
  }
  throw err;
}

export async function createOrder(
  db: Pool,
  companyId: string,
  input: { clientId: string; locationId: string; statusId: string; number?: string; dueDate?: string | null },
) {
  // Read side by side; a missing client is still reported before a missing location or status.
  const [client, location, status] = await Promise.all([
    findClient(db, companyId, input.clientId),
    findLocation(db, companyId, input.locationId),
    findStatus(db, companyId, input.statusId),
  ]);
  if (!client) throw notFound('client');
  if (!location) throw notFound('location');
  checkStatus(status, 'order');
  return inTransaction(db, async (tx) => {
    const number = input.number ?? (await entities.nextNumber(tx, companyId, 'order'));
    const order = await entities
      .insertOrder(tx, companyId, {
        number,
        clientId: input.clientId,
        locationId: input.locationId,
        statusId: input.statusId,
        dueDate: input.dueDate ?? null,
      })
      .catch(refusedInsert);
    await recordEvent(
      tx,
      {
        companyId,
        entity: 'order',
        entityId: order.id,
        start: { clientId: order.clientId, locationId: order.locationId },
      },
      'order.created',
      { statusId: order.statusId, previousStatusId: null, dueDate: order.dueDate, previousDueDate: null },
      { statusId: order.statusId, dueDate: order.dueDate },
    );
    return order;
  });
}

export async function updateOrder(
  db: Pool,
  companyId: string,
  id: string,
  patch: { statusId?: string; dueDate?: string | null },
) {
  if (patch.statusId) await requireStatus(db, companyId, patch.statusId, 'order');
  return inTransaction(db, async (tx) => {
    const current = await entities.findOrder(tx, companyId, id, true);
    if (!current) throw notFound('order');
    const statusId = patch.statusId ?? current.statusId;
    const dueDate = patch.dueDate === undefined ? current.dueDate : patch.dueDate;
    const ref = {
      companyId,
      entity: 'order' as const,
      entityId: id,
      start: { clientId: current.clientId, locationId: current.locationId },
    };
    // Setting what the order already has is no change: nothing is stored, nothing fires.
    const events = orderChangeEvents(current, patch);
    for (const { type, ...fields } of events)
      await recordEvent(tx, ref, type, fields, feedDataOf(type, fields));
    if (events.length === 0) return current;
    return entities.updateOrderFields(tx, companyId, id, { statusId, dueDate });
  });
}

export async function createLead(
  db: Pool,
  companyId: string,
  input: { clientId: string; statusId: string; number?: string },
) {
  await requireClient(db, companyId, input.clientId);
  await requireStatus(db, companyId, input.statusId, 'lead');
  return inTransaction(db, async (tx) => {
    const number = input.number ?? (await entities.nextNumber(tx, companyId, 'lead'));
    const lead = await entities
      .insertLead(tx, companyId, { number, clientId: input.clientId, statusId: input.statusId })
      .catch(refusedInsert);
    await recordEvent(
      tx,
      { companyId, entity: 'lead', entityId: lead.id, start: { clientId: lead.clientId } },
      'lead.created',
      { statusId: lead.statusId, previousStatusId: null, dueDate: null, previousDueDate: null },
      { statusId: lead.statusId },
    );
    return lead;
  });
}

export async function updateLead(db: Pool, companyId: string, id: string, patch: { statusId?: string }) {
  if (patch.statusId) await requireStatus(db, companyId, patch.statusId, 'lead');
  return inTransaction(db, async (tx) => {
    const current = await entities.findLead(tx, companyId, id, true);
    if (!current) throw notFound('lead');
    const events = leadChangeEvents(current, patch);
    if (events.length === 0 || !patch.statusId) return current;
    const ref = { companyId, entity: 'lead' as const, entityId: id, start: { clientId: current.clientId } };
    for (const { type, ...fields } of events)
      await recordEvent(tx, ref, type, fields, feedDataOf(type, fields));
    return entities.updateLeadStatus(tx, companyId, id, patch.statusId);
  });
}
