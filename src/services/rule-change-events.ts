/**
 * Tells open orders and leads that rules they depend on changed: the rule change stores, in its own
 * transaction, one durable fan-out job naming what it concerns (rules with scheduled sends, locations whose
 * reminders move). The fan-out worker then writes one `<entity>.rules_changed` event per affected entity in
 * batches, and the relay delivers them like any event. The workflow cancels pending sends of withdrawn
 * rules (`rule_removed`) and re-plans reminders for the order's current due date — soon after the change,
 * without the request locking or even reading the orders.
 */
import type { PoolClient } from 'pg';
import { ruleChangeImpact, type RuleChange } from '../domain/rule-change-impact';
import { insertFanout } from '../db/repositories/rule-fanouts-repository';

/** Returns whether a fan-out was stored (the caller then wakes the fan-out worker). */
export async function announceRuleChanges(
  tx: PoolClient,
  companyId: string,
  changes: RuleChange[],
): Promise<boolean> {
  const impact = ruleChangeImpact(changes);
  const ruleIds = [...impact.withdrawnNotificationRuleIds, ...impact.rechanneledNotificationRuleIds];
  if (ruleIds.length === 0 && impact.reminderLocationIds.length === 0) return false;
  await insertFanout(tx, companyId, { ruleIds, locationIds: impact.reminderLocationIds });
  return true;
}
