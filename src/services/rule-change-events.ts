/**
 * Tells open orders and leads that rules they depend on changed: one `<entity>.rules_changed` event per
 * affected entity, stored in the rule change's own transaction (the relay delivers it like any event).
 * The workflow then cancels pending sends of withdrawn rules (`rule_removed`) and re-plans reminders
 * for the order's current due date — at once, instead of at the send time or the order's next change.
 */
import type { PoolClient } from 'pg';
import { ruleChangeImpact, type RuleChange } from '../domain/rule-change-impact';
import type { EntityEvent } from '../domain/types';
import * as entities from '../db/repositories/entities-repository';
import { entitiesWithScheduledSends } from '../db/repositories/feed-repository';

/** Returns how many events were stored (the caller wakes the relay when there are any). */
export async function announceRuleChanges(
  tx: PoolClient,
  companyId: string,
  changes: RuleChange[],
): Promise<number> {
  const impact = ruleChangeImpact(changes);
  const withPending = await entitiesWithScheduledSends(tx, companyId, [
    ...impact.withdrawnNotificationRuleIds,
    ...impact.rechanneledNotificationRuleIds,
  ]);
  const idsOf = (entity: 'order' | 'lead') =>
    withPending.filter((e) => e.entity === entity).map((e) => e.entityId);

  const orders = await entities.lockOrdersForRuleChange(tx, companyId, {
    ids: idsOf('order'),
    locationIds: impact.reminderLocationIds,
  });
  const leads = await entities.lockLeadsForRuleChange(tx, companyId, idsOf('lead'));

  // The event describes the entity as it is: no change of its own, so "previous" equals current.
  const announce = (
    entity: 'order' | 'lead',
    e: { id: string; statusId: string; dueDate: string | null },
    start: Record<string, string>,
  ) => {
    const event: Omit<EntityEvent, 'id' | 'at'> = {
      companyId,
      entity,
      entityId: e.id,
      type: `${entity}.rules_changed`,
      statusId: e.statusId,
      previousStatusId: e.statusId,
      dueDate: e.dueDate,
      previousDueDate: e.dueDate,
    };
    return entities.insertEntityEvent(tx, event, start);
  };
  for (const o of orders) await announce('order', o, { clientId: o.clientId, locationId: o.locationId });
  for (const l of leads) await announce('lead', { ...l, dueDate: null }, { clientId: l.clientId });
  return orders.length + leads.length;
}
