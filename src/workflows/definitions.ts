/**
 * Side-effect-free definitions shared by the API (which signals and queries) and the workflows.
 * Nothing here may import Node built-ins: workflow code runs in Temporal's deterministic sandbox.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Channel, EntityEvent, EntityKind, Reason } from '../domain/types';

export const TASK_QUEUE = 'notifications';

/** A change to the order or lead happened (stored with the change, relayed by the API). */
export const entityEventSignal = defineSignal<[EntityEvent]>('entityEvent');

/** Everything the workflow still intends to send: scheduled notifications and reminders. */
export const pendingSendsQuery = defineQuery<PendingSendView[]>('pendingSends');

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
}

export interface PendingSendView {
  kind: SendKind;
  ruleId: string;
  channel: Channel;
  scheduledFor: string;
  deferred: boolean;
}

export interface EntityWorkflowState {
  pending: PendingSend[];
  /** Recent event ids, to ignore an event delivered twice. */
  seenEventIds: string[];
  /** Reminder keys already sent or skipped for the current due date. */
  completedKeys: string[];
  statusId: string | null;
  dueDate: string | null;
  closed: boolean;
}

export interface EntityWorkflowInput {
  companyId: string;
  entity: EntityKind;
  entityId: string;
  /** Carried over by continue-as-new. */
  state?: EntityWorkflowState;
  /** History length after which the workflow continues as new (tests force a low one). */
  maxHistoryLength?: number;
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

export const workflowIdFor = (companyId: string, entity: EntityKind, entityId: string) =>
  `${entity}-${companyId}-${entityId}`;
