/**
 * Which rules an entity event fires. Pure: the workflow calls it with the rules it loaded.
 *
 * Creating an entity fires only `*.created` (never status/due-date triggers); an event that changes
 * nothing fires nothing; each rule fires at most once per event even if listed twice.
 */
import type { EntityEvent, Rule } from './types';

export interface MatchContext {
  /** The order's location; order rules of other locations never fire. Ignored for leads. */
  locationId: string | null;
}

/** Instants as ISO strings may differ in spelling ("Z" vs ".000Z"), so compare by time value. */
function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  return Number.isNaN(ta) || Number.isNaN(tb) ? a === b : ta === tb;
}

/** Not a change of the entity: rules it depends on changed, and its workflow re-checks what is pending. */
export function isRulesChangedEvent(event: Pick<EntityEvent, 'type'>): boolean {
  return event.type === 'order.rules_changed' || event.type === 'lead.rules_changed';
}

/** True when the event records no actual change (same status / same due date). */
export function isNoOpEvent(event: EntityEvent): boolean {
  switch (event.type) {
    case 'order.status_changed':
    case 'lead.status_changed':
      return event.statusId === event.previousStatusId;
    case 'order.due_date_changed':
      return sameInstant(event.dueDate, event.previousDueDate);
    default:
      return false;
  }
}

function triggerMatches(rule: Rule, event: EntityEvent): boolean {
  const trigger = rule.trigger;
  if (!trigger) return false;
  const toStatus = trigger.statusId !== null && trigger.statusId === event.statusId;
  switch (event.type) {
    case 'order.created':
      return trigger.type === 'order.created';
    case 'order.status_changed':
      return (
        trigger.type === 'order.status_changed' || (trigger.type === 'order.status_changed_to' && toStatus)
      );
    case 'order.due_date_changed':
      // A cleared due date has nothing to announce (its reminders are cancelled elsewhere).
      return trigger.type === 'order.due_date_changed' && event.dueDate !== null;
    case 'lead.created':
      return trigger.type === 'lead.created';
    case 'lead.status_changed':
      return trigger.type === 'lead.status_changed_to' && toStatus;
    case 'order.rules_changed':
    case 'lead.rules_changed':
    case 'order.location_changed':
      return false;
  }
}

function inScope(rule: Rule, entity: EntityEvent['entity'], locationId: string | null): boolean {
  if (rule.entity !== entity) return false;
  // Order rules belong to one location; lead rules belong to the company.
  return entity === 'lead' || (locationId !== null && rule.locationId === locationId);
}

function uniqueById(rules: Rule[]): Rule[] {
  const seen = new Set<string>();
  return rules.filter((r) => !seen.has(r.id) && (seen.add(r.id), true));
}

/** Enabled notification rules fired by `event`, in input order, each once. */
export function matchRules(rules: Rule[], event: EntityEvent, context: MatchContext): Rule[] {
  if (isNoOpEvent(event)) return [];
  return uniqueById(
    rules.filter(
      (r) =>
        r.enabled &&
        r.kind === 'notification' &&
        inScope(r, event.entity, context.locationId) &&
        triggerMatches(r, event),
    ),
  );
}

/** Enabled order reminder rules of the order's location (with a usable remindBefore). */
export function matchReminderRules(rules: Rule[], locationId: string | null): Rule[] {
  return uniqueById(
    rules.filter(
      (r) => r.enabled && r.kind === 'reminder' && r.remindBefore !== null && inScope(r, 'order', locationId),
    ),
  );
}
