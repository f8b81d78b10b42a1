import type { Channel } from './types';

/** What the planning activity found for one event: the notifications it triggers and the reminders due. */
export interface EventPlan {
  sends: PlannedNotification[];
  /** Orders only: the reminders for the order's due date after this event; null for leads. */
  reminders: PlannedReminder[] | null;
  /** The event's status is a final one (closes the order's reminders). */
  statusIsFinal: boolean;
  /**
   * `rules_changed` events only: the enabled rules that apply to the entity now; a pending notification
   * of any other rule is cancelled (`rule_removed`).
   */
  liveRuleIds?: string[];
  /** `rules_changed` events only: each live rule's channel now (pending notifications follow it). */
  liveRuleChannels?: Record<string, Channel>;
  /**
   * The channels whose provider account is paced, as the planning worker is configured. Their sends wait
   * in the channel's own task queue; the others run on the workflow's queue, where the server hands the
   * activity back with the workflow task's completion. Absent in plans from before it was recorded.
   */
  pacedChannels?: Channel[];
}

export interface PlannedNotification {
  ruleId: string;
  channel: Channel;
  triggerType: string;
  sendAt: string;
  deferred: boolean;
  /** Deferred sends: event + delay, the instant it would have gone without working hours. */
  notBefore?: string;
  expectedStatusId: string | null;
  /** The rule debounces: a newer event of it supersedes this send while it is still held. */
  debounced?: boolean;
}

export interface PlannedReminder {
  ruleId: string;
  channel: Channel;
  sendAt: string;
}
