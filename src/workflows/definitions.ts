/**
 * Side-effect-free definitions shared by the API (which signals and queries) and the workflows.
 * Nothing here may import Node built-ins: workflow code runs in Temporal's deterministic sandbox.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { EntityWorkflowState, PendingSendView } from '../domain/engine-state';
import type { EventPlan } from '../domain/event-plan';
import type { EntityEvent, EntityKind } from '../domain/types';

export const TASK_QUEUE = 'notifications';

/**
 * The task queue of one channel's sends: each is served by its own provider account, so each is paced on
 * its own (workers poll it with that account's rate; see src/send-pacing.ts).
 */
export const sendTaskQueue = (taskQueue: string, channel: string) => `${taskQueue}-sends-${channel}`;

/**
 * A change as the relay signals it: with the plan the relay made for it just before, when it could (the
 * workflow then needs no planning step of its own); without one, the workflow plans it.
 */
export type SignalledEvent = EntityEvent & { plan?: EventPlan };

/** A change to the order or lead happened (stored with the change, relayed by the API). */
export const entityEventSignal = defineSignal<[SignalledEvent]>('entityEvent');

/** Everything the workflow still intends to send: scheduled notifications and reminders. */
export const pendingSendsQuery = defineQuery<PendingSendView[]>('pendingSends');

/**
 * The workflow's own state (what is pending, with the status and due date each send depends on): simulate
 * reads it to say which pending sends a change would cancel. A query, so it records nothing in history.
 */
export const engineStateQuery = defineQuery<EntityWorkflowState>('engineState');

export interface EntityWorkflowInput {
  companyId: string;
  entity: EntityKind;
  entityId: string;
  /** Carried over by continue-as-new. */
  state?: EntityWorkflowState;
  /**
   * The newest patch the starting code had (see patches.ts): the run takes it and every older one as
   * present without recording markers. Absent in runs started before; kept by continue-as-new.
   */
  patchedThrough?: string;
  /** History length after which the workflow continues as new (tests force a low one). */
  maxHistoryLength?: number;
}

export const workflowIdFor = (companyId: string, entity: EntityKind, entityId: string) =>
  `${entity}-${companyId}-${entityId}`;
