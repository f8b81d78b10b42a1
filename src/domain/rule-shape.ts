/**
 * Whether a rule's fields fit together (SPEC 2.3, 5), before any of its references are looked up.
 * Pure: returns every problem with the field path it concerns; `[]` means the shape is sound.
 *
 * An option that does not apply to a rule may be absent, null or false; only a value that would take
 * effect there is refused (a `delay` on a reminder, `workingHoursOnly: true` on a lead rule).
 */
import { LEAD_TRIGGERS, ORDER_TRIGGERS, type Rule, type TriggerType } from './types';

export type RuleShape = Omit<Rule, 'id'>;

/** A stored rule's fields without its id: what a copy or a changed version starts from. */
export const shapeOf = ({ id: _id, ...shape }: Rule): RuleShape => shape;

export interface RuleIssue {
  path: (string | number)[];
  message: string;
}

const TRIGGERS_OF: Record<Rule['entity'], readonly TriggerType[]> = {
  order: ORDER_TRIGGERS,
  lead: LEAD_TRIGGERS,
};

/** Triggers that name one chosen status; every other trigger must not carry a statusId. */
export const needsStatus = (type: TriggerType) => type.endsWith('.status_changed_to');

export function ruleShapeIssues(rule: RuleShape): RuleIssue[] {
  return [
    ...locationIssues(rule),
    ...(rule.kind === 'reminder' ? reminderIssues(rule) : notificationIssues(rule)),
    ...fallbackIssues(rule),
    ...debounceIssues(rule),
  ];
}

/** Triggers whose sends a debounce can hold: status changes, which may flip several times in a minute. */
export const DEBOUNCE_TRIGGERS: readonly TriggerType[] = ['order.status_changed', 'order.status_changed_to'];

function fallbackIssues(rule: RuleShape): RuleIssue[] {
  if (rule.fallback && rule.fallback.channel === rule.channel) {
    return [{ path: ['fallback', 'channel'], message: 'must differ from the rule’s own channel' }];
  }
  return [];
}

function debounceIssues(rule: RuleShape): RuleIssue[] {
  const type = rule.trigger?.type;
  if (rule.debounce && (rule.kind !== 'notification' || !type || !DEBOUNCE_TRIGGERS.includes(type))) {
    return [{ path: ['debounce'], message: `applies to ${DEBOUNCE_TRIGGERS.join(' and ')} rules only` }];
  }
  return [];
}

function locationIssues(rule: RuleShape): RuleIssue[] {
  if (rule.entity === 'order' && rule.locationId === null) {
    return [{ path: ['locationId'], message: 'required: an order rule belongs to one location' }];
  }
  if (rule.entity === 'lead' && rule.locationId !== null) {
    return [{ path: ['locationId'], message: 'must be null or absent: lead rules belong to the company' }];
  }
  return [];
}

function reminderIssues(rule: RuleShape): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (rule.entity !== 'order')
    issues.push({ path: ['kind'], message: 'reminders exist for order rules only' });
  if (rule.trigger !== null) {
    issues.push({ path: ['trigger'], message: 'must be null: a reminder is due before the order due date' });
  }
  if (rule.remindBefore === null) issues.push({ path: ['remindBefore'], message: 'required for a reminder' });
  if (rule.delay !== null) issues.push({ path: ['delay'], message: 'does not apply to a reminder' });
  if (rule.workingHoursOnly) {
    issues.push({ path: ['workingHoursOnly'], message: 'applies to order notification rules only' });
  }
  return issues;
}

function notificationIssues(rule: RuleShape): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (rule.remindBefore !== null) {
    issues.push({ path: ['remindBefore'], message: 'applies to reminders only (kind "reminder")' });
  }
  if (rule.workingHoursOnly && rule.entity !== 'order') {
    issues.push({ path: ['workingHoursOnly'], message: 'applies to order notification rules only' });
  }
  const trigger = rule.trigger;
  if (trigger === null) {
    issues.push({ path: ['trigger'], message: 'required for a notification rule' });
  } else if (!TRIGGERS_OF[rule.entity].includes(trigger.type)) {
    issues.push({
      path: ['trigger', 'type'],
      message: `not a trigger of ${rule.entity} rules; expected one of ${TRIGGERS_OF[rule.entity].join(', ')}`,
    });
  } else if (needsStatus(trigger.type) && trigger.statusId === null) {
    issues.push({ path: ['trigger', 'statusId'], message: `required for ${trigger.type}` });
  } else if (!needsStatus(trigger.type) && trigger.statusId !== null) {
    issues.push({ path: ['trigger', 'statusId'], message: `does not apply to ${trigger.type}` });
  }
  return issues;
}
