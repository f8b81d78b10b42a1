import type { Pool } from 'pg';
import type { EntityKind } from '../domain/types';
import { findCompany } from '../db/repositories/companies-repository';
import { findClient } from '../db/repositories/clients-repository';
import { findLead, findOrder, type Lead, type Order } from '../db/repositories/entities-repository';
import { findLocation, type Location } from '../db/repositories/locations-repository';
import { getSettings, type Settings } from '../db/repositories/settings-repository';
import { findStatus, type Status } from '../db/repositories/statuses-repository';

export interface EntityContext {
  entity: EntityKind;
  order: Order | null;
  lead: Lead | null;
  statusId: string;
  clientId: string;
  location: Location | null;
}

/** The order (with its location) or lead as it is now; null when it no longer exists. */
export async function loadEntity(db: Pool, companyId: string, entity: EntityKind, entityId: string) {
  if (entity === 'order') {
    const order = await findOrder(db, companyId, entityId);
    if (!order) return null;
    const location = await findLocation(db, companyId, order.locationId);
    return { entity, order, lead: null, statusId: order.statusId, clientId: order.clientId, location };
  }
  const lead = await findLead(db, companyId, entityId);
  if (!lead) return null;
  return { entity, order: null, lead, statusId: lead.statusId, clientId: lead.clientId, location: null };
}

/** Everything a message about the entity is rendered from, read fresh at send time. */
export async function loadMessageContext(db: Pool, companyId: string, ctx: EntityContext) {
  const [company, settings, client, status] = await Promise.all([
    findCompany(db, companyId),
    getSettings(db, companyId),
    findClient(db, companyId, ctx.clientId),
    findStatus(db, companyId, ctx.statusId),
  ]);
  return {
    company: company!,
    settings: settings as Settings,
    client: client!,
    status: status as Status | null,
  };
}
