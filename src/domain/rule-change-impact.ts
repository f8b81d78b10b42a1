/**
 * Which open orders and leads a rule change concerns (SPEC 5: a removed rule's pending sends are cancelled
 * as soon as the rule changes; a reminder rule's change moves the reminders of open orders). Pure: the
 * rules service looks the affected entities up and tells their workflows.
 */
import type { Rule } from './types';

/** One rule as it was and as it is now; `null` before a create or after a delete. */
export interface RuleChange {
  before: Rule | null;
  after: Rule | null;
}

export interface RuleChangeImpact {
  /** Order locations whose open orders with a due date must re-plan their reminders. */
  reminderLocationIds: string[];
  /** Notification rules whose pending sends no longer apply (deleted, disabled, moved or retyped). */
  withdrawnNotificationRuleIds: string[];
  /** Notification rules that still send, on another channel: pending sends switch to it. */
  rechanneledNotificationRuleIds: string[];
}

const makesReminders = (r: Rule | null): r is Rule =>
  !!r && r.kind === 'reminder' && r.entity === 'order' && r.enabled && !!r.locationId;

function remindersDiffer(before: Rule | null, after: Rule | null): boolean {
  const a = makesReminders(before) ? before : null;
  const b = makesReminders(after) ? after : null;
  if (!a || !b) return a !== b;
  return (
    a.locationId !== b.locationId ||
    a.channel !== b.channel ||
    a.remindBefore?.value !== b.remindBefore?.value ||
    a.remindBefore?.unit !== b.remindBefore?.unit
  );
}

/** A pending notification stays valid only while its rule is still an enabled notification rule in place. */
function stillSends(before: Rule, after: Rule | null): boolean {
  return (
    !!after &&
    after.enabled &&
    after.kind === 'notification' &&
    after.entity === before.entity &&
    after.locationId === before.locationId
  );
}

export function ruleChangeImpact(changes: RuleChange[]): RuleChangeImpact {
  const locations = new Set<string>();
  const withdrawn = new Set<string>();
  const rechanneled = new Set<string>();
  for (const { before, after } of changes) {
    if (remindersDiffer(before, after)) {
      for (const r of [before, after]) if (makesReminders(r)) locations.add(r.locationId!);
    }
    if (before && before.kind === 'notification' && before.enabled) {
      if (!stillSends(before, after)) withdrawn.add(before.id);
      else if (after!.channel !== before.channel) rechanneled.add(before.id);
    }
  }
  return {
    reminderLocationIds: [...locations],
    withdrawnNotificationRuleIds: [...withdrawn],
    rechanneledNotificationRuleIds: [...rechanneled],
  };
}
