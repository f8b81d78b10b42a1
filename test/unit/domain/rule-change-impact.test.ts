import { ruleChangeImpact } from '../../../src/domain/rule-change-impact';
import type { Rule } from '../../../src/domain/types';

const reminder = (overrides: Partial<Rule> = {}): Rule => ({
  id: 'r-1',
  entity: 'order',
  kind: 'reminder',
  locationId: 'loc-a',
  trigger: null,
  channel: 'sms',
  templateId: 't-1',
  delay: null,
  workingHoursOnly: false,
  remindBefore: { value: 1, unit: 'days' },
  enabled: true,
  fallback: null,
  debounce: null,
  ...overrides,
});
const notification = (overrides: Partial<Rule> = {}): Rule => ({
  ...reminder(),
  id: 'n-1',
  kind: 'notification',
  trigger: { type: 'order.created', statusId: null },
  remindBefore: null,
  delay: { value: 1, unit: 'hours' },
  ...overrides,
});

describe('ruleChangeImpact: reminder rules', () => {
  test.each([
    ['created', null, reminder()],
    ['deleted', reminder(), null],
    ['disabled', reminder(), reminder({ enabled: false })],
    ['re-enabled', reminder({ enabled: false }), reminder()],
    ['given another lead time', reminder(), reminder({ remindBefore: { value: 2, unit: 'hours' } })],
    ['given another channel', reminder(), reminder({ channel: 'email' })],
  ])('when a reminder rule is %s, then the open orders of its location re-plan', (_what, before, after) => {
    // Act
    const impact = ruleChangeImpact([{ before, after }]);

    // Assert
    expect(impact).toEqual({
      reminderLocationIds: ['loc-a'],
      withdrawnNotificationRuleIds: [],
      rechanneledNotificationRuleIds: [],
    });
  });

  test('when a reminder rule moves to another location, then both locations re-plan', () => {
    // Act
    const impact = ruleChangeImpact([{ before: reminder(), after: reminder({ locationId: 'loc-b' }) }]);

    // Assert
    expect(impact.reminderLocationIds.sort()).toEqual(['loc-a', 'loc-b']);
  });

  test.each([
    ['its template changes', reminder(), reminder({ templateId: 't-2' })],
    ['a disabled rule is deleted', reminder({ enabled: false }), null],
    ['a disabled rule is created', null, reminder({ enabled: false })],
  ])('when %s, then no order is concerned', (_what, before, after) => {
    // Act
    const impact = ruleChangeImpact([{ before, after }]);

    // Assert
    expect(impact).toEqual({
      reminderLocationIds: [],
      withdrawnNotificationRuleIds: [],
      rechanneledNotificationRuleIds: [],
    });
  });
});

describe('ruleChangeImpact: notification rules', () => {
  test.each([
    ['deleted', null],
    ['disabled', notification({ enabled: false })],
    ['moved to another location', notification({ locationId: 'loc-b' })],
    ['turned into a reminder rule', reminder({ id: 'n-1' })],
  ])('when an enabled notification rule is %s, then its pending sends are withdrawn', (_what, after) => {
    // Act
    const impact = ruleChangeImpact([{ before: notification(), after }]);

    // Assert
    expect(impact.withdrawnNotificationRuleIds).toEqual(['n-1']);
  });

  test.each([
    ['created', null, notification()],
    ['given another template', notification(), notification({ templateId: 't-2' })],
    ['given another delay', notification(), notification({ delay: { value: 3, unit: 'hours' } })],
    ['deleted while disabled', notification({ enabled: false }), null],
  ])('when a notification rule is %s, then nothing pending is withdrawn', (_what, before, after) => {
    // Act
    const impact = ruleChangeImpact([{ before, after }]);

    // Assert
    expect(impact.withdrawnNotificationRuleIds).toEqual([]);
  });

  test('when an enabled notification rule only changes its channel, then its pending sends switch channel, not withdrawn', () => {
    // Act
    const impact = ruleChangeImpact([{ before: notification(), after: notification({ channel: 'email' }) }]);

    // Assert
    expect(impact.withdrawnNotificationRuleIds).toEqual([]);
    expect(impact.rechanneledNotificationRuleIds).toEqual(['n-1']);
  });

  test('when several rules change at once, then each withdrawn rule is listed once', () => {
    // Act
    const impact = ruleChangeImpact([
      { before: notification(), after: null },
      { before: notification({ id: 'n-2' }), after: notification({ id: 'n-2', enabled: false }) },
      { before: notification({ id: 'n-3' }), after: notification({ id: 'n-3' }) },
    ]);

    // Assert
    expect(impact.withdrawnNotificationRuleIds).toEqual(['n-1', 'n-2']);
  });
});
