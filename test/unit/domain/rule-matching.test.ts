import { isNoOpEvent, matchReminderRules, matchRules } from '../../../src/domain/rule-matching';
import type { EntityEvent, Rule, Trigger } from '../../../src/domain/types';

let seq = 0;
function rule(overrides: Partial<Rule> & { trigger?: Trigger | null } = {}): Rule {
  seq += 1;
  return {
    id: `rule-${seq}`,
    entity: 'order',
    kind: 'notification',
    locationId: 'loc-1',
    trigger: { type: 'order.created', statusId: null },
    channel: 'sms',
    templateId: 'tpl-1',
    delay: null,
    workingHoursOnly: false,
    remindBefore: null,
    enabled: true,
    fallback: null,
    debounce: null,
    ...overrides,
  };
}

function event(overrides: Partial<EntityEvent>): EntityEvent {
  return {
    id: 'evt-1',
    type: 'order.created',
    entity: 'order',
    entityId: 'order-1',
    companyId: 'co-1',
    at: '2024-06-03T10:00:00.000Z',
    statusId: 'st-new',
    previousStatusId: null,
    dueDate: null,
    previousDueDate: null,
    ...overrides,
  };
}

const ids = (rules: Rule[]) => rules.map((r) => r.id);
const ctx = { locationId: 'loc-1' };

describe('matchRules', () => {
  it('when an order is created, then only order.created rules of its location fire', () => {
    const created = rule();
    const otherLocation = rule({ locationId: 'loc-2' });
    const statusAny = rule({ trigger: { type: 'order.status_changed', statusId: null } });
    const statusTo = rule({ trigger: { type: 'order.status_changed_to', statusId: 'st-new' } });
    const dueDate = rule({ trigger: { type: 'order.due_date_changed', statusId: null } });
    const r = matchRules(
      [created, otherLocation, statusAny, statusTo, dueDate],
      event({ dueDate: '2024-06-10T10:00:00Z' }),
      ctx,
    );
    expect(ids(r)).toEqual([created.id]);
  });

  it('when a rule is disabled or is a reminder, then it does not fire', () => {
    const disabled = rule({ enabled: false });
    const reminder = rule({ kind: 'reminder', trigger: null, remindBefore: { value: 1, unit: 'days' } });
    expect(matchRules([disabled, reminder], event({}), ctx)).toEqual([]);
  });

  it('when the order has no location in context, then no order rule fires', () => {
    expect(matchRules([rule()], event({}), { locationId: null })).toEqual([]);
  });

  it('when an order status changes, then status_changed rules and the matching status_changed_to rules fire', () => {
    const any = rule({ trigger: { type: 'order.status_changed', statusId: null } });
    const toReady = rule({ trigger: { type: 'order.status_changed_to', statusId: 'st-ready' } });
    const toClosed = rule({ trigger: { type: 'order.status_changed_to', statusId: 'st-closed' } });
    const created = rule();
    const e = event({ type: 'order.status_changed', statusId: 'st-ready', previousStatusId: 'st-new' });
    expect(ids(matchRules([any, toReady, toClosed, created], e, ctx))).toEqual([any.id, toReady.id]);
  });

  it('when a status_changed_to rule has no statusId, then it never fires', () => {
    const broken = rule({ trigger: { type: 'order.status_changed_to', statusId: null } });
    const e = event({ type: 'order.status_changed', statusId: 'st-ready', previousStatusId: 'st-new' });
    expect(matchRules([broken], e, ctx)).toEqual([]);
  });

  it('when the status is set to the value it already has, then nothing fires', () => {
    const any = rule({ trigger: { type: 'order.status_changed', statusId: null } });
    const to = rule({ trigger: { type: 'order.status_changed_to', statusId: 'st-ready' } });
    const e = event({ type: 'order.status_changed', statusId: 'st-ready', previousStatusId: 'st-ready' });
    expect(matchRules([any, to], e, ctx)).toEqual([]);
  });

  it('when the due date is set or changed, then due_date_changed rules fire', () => {
    const due = rule({ trigger: { type: 'order.due_date_changed', statusId: null } });
    const set = event({
      type: 'order.due_date_changed',
      dueDate: '2024-06-10T10:00:00Z',
      previousDueDate: null,
    });
    const moved = event({
      type: 'order.due_date_changed',
      dueDate: '2024-06-11T10:00:00Z',
      previousDueDate: '2024-06-10T10:00:00Z',
    });
    expect(ids(matchRules([due], set, ctx))).toEqual([due.id]);
    expect(ids(matchRules([due], moved, ctx))).toEqual([due.id]);
  });

  it('when the rules an order or lead depends on change, then no notification rule fires (it is no change of the entity)', () => {
    const all = [
      rule(),
      rule({ trigger: { type: 'order.status_changed', statusId: null } }),
      rule({ trigger: { type: 'order.status_changed_to', statusId: 'st-new' } }),
      rule({ trigger: { type: 'order.due_date_changed', statusId: null } }),
      rule({ entity: 'lead', locationId: null, trigger: { type: 'lead.created', statusId: null } }),
      rule({
        entity: 'lead',
        locationId: null,
        trigger: { type: 'lead.status_changed_to', statusId: 'st-new' },
      }),
    ];
    const base = { statusId: 'st-new', previousStatusId: 'st-new', dueDate: '2024-06-05T10:00:00.000Z' };
    expect(matchRules(all, event({ ...base, type: 'order.rules_changed' }), ctx)).toEqual([]);
    expect(
      matchRules(all, event({ ...base, type: 'lead.rules_changed', entity: 'lead' }), { locationId: null }),
    ).toEqual([]);
  });

  it('when the due date is cleared, then nothing fires', () => {
    const due = rule({ trigger: { type: 'order.due_date_changed', statusId: null } });
    const cleared = event({
      type: 'order.due_date_changed',
      dueDate: null,
      previousDueDate: '2024-06-10T10:00:00Z',
    });
    expect(matchRules([due], cleared, ctx)).toEqual([]);
  });

  it('when the due date is set to the same instant spelled differently, then nothing fires', () => {
    const due = rule({ trigger: { type: 'order.due_date_changed', statusId: null } });
    const same = event({
      type: 'order.due_date_changed',
      dueDate: '2024-06-10T10:00:00Z',
      previousDueDate: '2024-06-10T12:00:00.000+02:00',
    });
    expect(matchRules([due], same, ctx)).toEqual([]);
  });

  it('when a lead is created, then lead.created rules fire regardless of location', () => {
    const leadCreated = rule({
      entity: 'lead',
      locationId: null,
      trigger: { type: 'lead.created', statusId: null },
    });
    const orderCreated = rule();
    const e = event({ type: 'lead.created', entity: 'lead', entityId: 'lead-1' });
    expect(ids(matchRules([leadCreated, orderCreated], e, { locationId: null }))).toEqual([leadCreated.id]);
  });

  it('when a lead status changes, then only lead.status_changed_to rules for that status fire', () => {
    const toWon = rule({
      entity: 'lead',
      locationId: null,
      trigger: { type: 'lead.status_changed_to', statusId: 'st-won' },
    });
    const toLost = rule({
      entity: 'lead',
      locationId: null,
      trigger: { type: 'lead.status_changed_to', statusId: 'st-lost' },
    });
    const orderAny = rule({ trigger: { type: 'order.status_changed', statusId: null } });
    const e = event({
      type: 'lead.status_changed',
      entity: 'lead',
      statusId: 'st-won',
      previousStatusId: 'st-new',
    });
    expect(ids(matchRules([toWon, toLost, orderAny], e, ctx))).toEqual([toWon.id]);
    expect(matchRules([toWon], { ...e, previousStatusId: 'st-won' }, ctx)).toEqual([]);
  });

  it('when two rules match, then both fire; when one rule is listed twice, then it fires once', () => {
    const a = rule({ channel: 'sms' });
    const b = rule({ channel: 'email' });
    expect(ids(matchRules([a, b, a], event({}), ctx))).toEqual([a.id, b.id]);
  });
});

describe('isNoOpEvent', () => {
  it('when a created event arrives, then it is never a no-op', () => {
    expect(isNoOpEvent(event({ statusId: null, previousStatusId: null }))).toBe(false);
  });

  it('when both due dates are null, then the due-date event is a no-op', () => {
    expect(isNoOpEvent(event({ type: 'order.due_date_changed', dueDate: null, previousDueDate: null }))).toBe(
      true,
    );
  });
});

describe('matchReminderRules', () => {
  it('when rules of several kinds and locations exist, then only enabled reminder rules of that location are returned', () => {
    const reminder = rule({ kind: 'reminder', trigger: null, remindBefore: { value: 1, unit: 'days' } });
    const disabled = rule({
      kind: 'reminder',
      trigger: null,
      remindBefore: { value: 2, unit: 'hours' },
      enabled: false,
    });
    const elsewhere = rule({
      kind: 'reminder',
      trigger: null,
      remindBefore: { value: 1, unit: 'days' },
      locationId: 'loc-2',
    });
    const notification = rule();
    const noOffset = rule({ kind: 'reminder', trigger: null, remindBefore: null });
    expect(
      ids(matchReminderRules([reminder, disabled, elsewhere, notification, noOffset, reminder], 'loc-1')),
    ).toEqual([reminder.id]);
  });

  it('when the location is null, then nothing is returned', () => {
    const reminder = rule({
      kind: 'reminder',
      trigger: null,
      remindBefore: { value: 1, unit: 'days' },
      locationId: null,
    });
    expect(matchReminderRules([reminder], null)).toEqual([]);
  });
});
