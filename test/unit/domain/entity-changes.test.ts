import { leadChangeEvents, orderChangeEvents } from '../../../src/domain/entity-changes';

const order = { statusId: 's1', dueDate: '2026-11-25T10:00:00.000Z' };

describe('orderChangeEvents', () => {
  it('when status and due date change, then a status event and then a due-date event', () => {
    expect(orderChangeEvents(order, { statusId: 's2', dueDate: null })).toEqual([
      {
        type: 'order.status_changed',
        statusId: 's2',
        previousStatusId: 's1',
        dueDate: order.dueDate,
        previousDueDate: order.dueDate,
      },
      {
        type: 'order.due_date_changed',
        statusId: 's2',
        previousStatusId: 's2',
        dueDate: null,
        previousDueDate: order.dueDate,
      },
    ]);
  });

  it('when the change sets what the order has, then no event', () => {
    expect(orderChangeEvents(order, { statusId: 's1', dueDate: order.dueDate })).toEqual([]);
    expect(orderChangeEvents(order, {})).toEqual([]);
  });
});

describe('leadChangeEvents', () => {
  it('when the status changes, then one event; when it is the same, none', () => {
    expect(leadChangeEvents({ statusId: 'a' }, { statusId: 'b' })).toEqual([
      expect.objectContaining({ type: 'lead.status_changed', statusId: 'b', previousStatusId: 'a' }),
    ]);
    expect(leadChangeEvents({ statusId: 'a' }, { statusId: 'a' })).toEqual([]);
  });
});
