import type { EventPlan } from '../domain/event-plan';
import { isRulesChangedEvent, matchReminderRules, matchRules } from '../domain/rule-matching';
import { DEBOUNCE_TRIGGERS } from '../domain/rule-shape';
import { earliestSendTime, notificationSendTime, reminderTime } from '../domain/schedule';
import type { Pool } from 'pg';
import type { Channel, EntityEvent, EntityKind } from '../domain/types';
import type { Location } from '../db/repositories/locations-repository';
import { rulesFor } from '../db/repositories/rules-repository';
import { findStatus } from '../db/repositories/statuses-repository';
import type { SendRates } from '../send-pacing';
import type { EngineDeps, EntityRef } from './engine-deps';
import { loadEntity } from './entity-context';

/** Planning: which rules an event fires and when (delay, working hours, reminders before the due date). */
export function createPlanningActivities({ db, sendRates }: Pick<EngineDeps, 'db' | 'sendRates'>) {
  const pacedChannels = pacedChannelsOf(sendRates);
  return {
    planEvent: (ref: EntityRef & { event: EntityEvent }): Promise<EventPlan> =>
      planStoredEvent(db, ref.event, pacedChannels),
  };
}

/** The channels with a configured send rate, as a plan records them (see `EventPlan.pacedChannels`). */
export const pacedChannelsOf = (sendRates: SendRates | undefined) =>
  Object.keys(sendRates ?? {}).sort() as Channel[];

/**
 * The plan for a stored event, from the entity, its location and the rules as they are now: what the
 * relay signals with the event, and what the workflow's planning step makes when it came without one.
 */
export async function planStoredEvent(
  db: Pool,
  event: EntityEvent,
  pacedChannels: Channel[],
): Promise<EventPlan> {
  const { companyId, entity } = event;
  const ctx = await loadEntity(db, companyId, entity, event.entityId);
  if (!ctx)
    return { sends: [], reminders: entity === 'order' ? [] : null, statusIsFinal: false, pacedChannels };
  return { ...(await planEntityEvent(db, companyId, entity, ctx.location, event)), pacedChannels };
}

/**
 * The plan for one event of an order (at `location`) or lead, from the rules as they are now. Also what
 * simulate plans with, for a change that is not made.
 */
export async function planEntityEvent(
  db: Pool,
  companyId: string,
  entity: EntityKind,
  location: Location | null,
  event: EntityEvent,
): Promise<EventPlan> {
  const [rules, status] = await Promise.all([
    rulesFor(db, companyId, entity, location?.id ?? null),
    event.statusId ? findStatus(db, companyId, event.statusId) : null,
  ]);
  const timezone = location?.timezone ?? 'UTC';
  const sends = matchRules(rules, event, { locationId: location?.id ?? null }).map((rule) => {
    const trigger = rule.trigger!;
    const eventAt = new Date(event.at);
    const hold = rule.debounce && DEBOUNCE_TRIGGERS.includes(trigger.type) ? rule.debounce : null;
    const { sendAt, deferred } = notificationSendTime({
      eventAt,
      delay: rule.delay,
      hold,
      workingHoursOnly: entity === 'order' && rule.workingHoursOnly,
      workingHours: location?.workingHours ?? null,
      timezone,
    });
    return {
      ruleId: rule.id,
      channel: rule.channel,
      triggerType: trigger.type,
      sendAt: sendAt.toISOString(),
      deferred,
      ...(deferred
        ? { notBefore: earliestSendTime({ eventAt, delay: rule.delay, hold, timezone }).toISOString() }
        : {}),
      expectedStatusId: trigger.type.endsWith('status_changed_to') ? trigger.statusId : null,
      ...(hold ? { debounced: true } : {}),
    };
  });
  const reminders =
    entity !== 'order'
      ? null
      : event.dueDate === null
        ? []
        : matchReminderRules(rules, location?.id ?? null).map((rule) => ({
            ruleId: rule.id,
            channel: rule.channel,
            sendAt: reminderTime(new Date(event.dueDate!), rule.remindBefore!, timezone).toISOString(),
          }));
  return {
    sends,
    reminders,
    statusIsFinal: entity === 'order' && !!status?.final,
    ...(isRulesChangedEvent(event)
      ? {
          liveRuleIds: rules.map((r) => r.id),
          liveRuleChannels: Object.fromEntries(rules.map((r) => [r.id, r.channel])),
        }
      : {}),
  };
}
