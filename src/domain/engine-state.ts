/**
 * What an order's or lead's workflow keeps between events: the sends it still intends to make, and the
 * feed entries it decides. Plain data, so the pure planner (pending-sends.ts) and the workflow share it.
 */
import type { Channel, Reason } from './types';

export type SendKind = 'notification' | 'reminder';

/** One message the workflow will send at `sendAt` unless something cancels it first. */
export interface PendingSend {
  /** Unique per workflow: rule + triggering event (notifications) or rule + due date (reminders). */
  key: string;
  kind: SendKind;
  ruleId: string;
  channel: Channel;
  /** ISO-8601 UTC. */
  sendAt: string;
  eventId: string;
  triggerType: string | null;
  /** For `status_changed_to` triggers: the status that must still hold at send time. */
  expectedStatusId: string | null;
  /** For due-date triggers and reminders: the due date the message is about. */
  dueDate: string | null;
  deferred: boolean;
  /**
   * Deferred sends: the earliest instant it may go (event + delay) whatever the hours; a change of the
   * location's hours moves the send back to it, to be checked against the new hours.
   */
  notBefore?: string;
  /** A fallback (SPEC 9): the same message on the rule's fallback channel, standing in for a primary send. */
  fallback?: PendingFallback;
}

export interface PendingFallback {
  /** The primary's delivery id; null when the primary never had one (it was skipped). */
  of: string | null;
  /** Goes only if the primary's delivery has not been reported delivered by `sendAt`. */
  unlessDelivered: boolean;
}

export interface PendingSendView {
  kind: SendKind;
  ruleId: string;
  channel: Channel;
  scheduledFor: string;
  deferred: boolean;
  /** Fallbacks only: the delivery they stand in for (null when the primary was skipped). */
  fallbackOf?: string | null;
}

export interface EntityWorkflowState {
  pending: PendingSend[];
  /** Recent event ids, to ignore an event delivered twice. */
  seenEventIds: string[];
  /** Reminder keys already sent or skipped for the current due date. */
  completedKeys: string[];
  /** Reminder keys that went out, whatever the due date is now (a due date set back says `already_sent`). */
  sentReminderKeys?: string[];
  statusId: string | null;
  dueDate: string | null;
  closed: boolean;
}

/** A feed entry decided by the workflow, written by an activity (idempotently, by `dedupeKey`). */
export interface FeedWrite {
  dedupeKey: string;
  at: string;
  type: string;
  ruleId: string | null;
  channel: Channel | null;
  scheduledFor: string | null;
  reason: Reason | null;
  data?: Record<string, unknown>;
}
