/** Shared vocabulary of the product. Pure types: safe to import from workflows, activities and the API. */

export const CHANNELS = ['sms', 'whatsapp', 'viber', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `[from, to)` in local wall-clock time, "HH:MM"; `to` may be "24:00". */
export interface Interval {
  from: string;
  to: string;
}
export type WorkingHours = Record<Weekday, Interval[]>;

export const DURATION_UNITS = ['minutes', 'hours', 'days'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export interface Duration {
  value: number;
  unit: DurationUnit;
}

export type EntityKind = 'order' | 'lead';
export type RuleKind = 'notification' | 'reminder';

export const ORDER_TRIGGERS = [
  'order.created',
  'order.status_changed',
  'order.status_changed_to',
  'order.due_date_changed',
] as const;
export const LEAD_TRIGGERS = ['lead.created', 'lead.status_changed_to'] as const;
export type OrderTriggerType = (typeof ORDER_TRIGGERS)[number];
export type LeadTriggerType = (typeof LEAD_TRIGGERS)[number];
export type TriggerType = OrderTriggerType | LeadTriggerType;

export interface Trigger {
  type: TriggerType;
  statusId: string | null;
}

/** Where a rule's message goes when its own send is skipped, fails or is not delivered in time (SPEC 9). */
export interface RuleFallback {
  channel: Channel;
  /** How long a sent message may go without a delivery report before the fallback goes. */
  after: Duration;
}

export interface Rule {
  id: string;
  entity: EntityKind;
  kind: RuleKind;
  locationId: string | null;
  trigger: Trigger | null;
  channel: Channel;
  templateId: string;
  delay: Duration | null;
  workingHoursOnly: boolean;
  remindBefore: Duration | null;
  enabled: boolean;
  fallback: RuleFallback | null;
  /** Status rules of orders: the send is held this long, and a newer event of the rule supersedes it. */
  debounce: Duration | null;
}

/** What happened to an order or lead; stored with the change and delivered to its workflow. */
export type EntityEventType =
  | 'order.created'
  | 'order.status_changed'
  | 'order.due_date_changed'
  | 'lead.created'
  | 'lead.status_changed'
  // Not a change of the entity: rules it depends on changed (its workflow re-checks what is pending).
  | 'order.rules_changed'
  | 'lead.rules_changed'
  // Not a change of the order: its location's working hours or time zone changed (deferred sends move).
  | 'order.location_changed';

export interface EntityEvent {
  id: string;
  type: EntityEventType;
  entity: EntityKind;
  entityId: string;
  companyId: string;
  /** ISO-8601 UTC instant the change was accepted. */
  at: string;
  statusId: string | null;
  previousStatusId: string | null;
  /** Orders only: ISO-8601 UTC, or null when cleared/absent. */
  dueDate: string | null;
  previousDueDate: string | null;
}

export type Consent = Record<Channel, boolean>;

export type FeedEntryType =
  | 'order.created'
  | 'order.status_changed'
  | 'order.due_date_changed'
  | 'lead.created'
  | 'lead.status_changed'
  | 'notification.scheduled'
  | 'notification.sent'
  | 'notification.delivered'
  | 'notification.skipped'
  | 'notification.failed'
  | 'notification.cancelled'
  | 'reminder.scheduled'
  | 'reminder.rescheduled'
  | 'reminder.sent'
  | 'reminder.delivered'
  | 'reminder.skipped'
  | 'reminder.failed'
  | 'reminder.cancelled';

export type Reason =
  | 'no_consent'
  | 'no_contact'
  | 'suppressed'
  | 'rule_removed'
  | 'stale_status'
  | 'superseded'
  | 'due_date_cleared'
  | 'order_closed'
  | 'reminder_time_passed'
  | 'outside_working_hours'
  | 'provider_rejected'
  | 'provider_error'
  | 'already_sent'
  | 'planning_failed'
  | 'template_error'
  | 'frequency_capped';
