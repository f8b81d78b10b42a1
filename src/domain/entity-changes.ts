/**
 * The events a change of an order or lead makes. Pure: the API stores them with the change, and simulate
 * plans them without storing anything, so both see the same events.
 */
import type { EntityEvent } from './types';

export type ChangeEvent = Pick<
  EntityEvent,
  'type' | 'statusId' | 'previousStatusId' | 'dueDate' | 'previousDueDate'
>;

/** A status change, then a due-date change; setting what the order already has is no event. */
export function orderChangeEvents(
  current: { statusId: string; dueDate: string | null },
  patch: { statusId?: string; dueDate?: string | null },
): ChangeEvent[] {
  const statusId = patch.statusId ?? current.statusId;
  const dueDate = patch.dueDate === undefined ? current.dueDate : patch.dueDate;
  const events: ChangeEvent[] = [];
  if (statusId !== current.statusId) {
    events.push({
      type: 'order.status_changed',
      statusId,
      previousStatusId: current.statusId,
      dueDate: current.dueDate,
      previousDueDate: current.dueDate,
    });
  }
  if (dueDate !== current.dueDate) {
    events.push({
      type: 'order.due_date_changed',
      statusId,
      previousStatusId: statusId,
      dueDate,
      previousDueDate: current.dueDate,
    });
  }
  return events;
}

export function orderCreatedEvent(order: { statusId: string; dueDate: string | null }): ChangeEvent {
  return {
    type: 'order.created',
    statusId: order.statusId,
    previousStatusId: null,
    dueDate: order.dueDate,
    previousDueDate: null,
  };
}

export function leadChangeEvents(current: { statusId: string }, patch: { statusId?: string }): ChangeEvent[] {
  if (!patch.statusId || patch.statusId === current.statusId) return [];
  return [
    {
      type: 'lead.status_changed',
      statusId: patch.statusId,
      previousStatusId: current.statusId,
      dueDate: null,
      previousDueDate: null,
    },
  ];
}
