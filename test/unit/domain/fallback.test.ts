import type { PendingSend } from '../../../src/domain/engine-state';
import { callsForFallback, fallbackFor, type SendSettlement } from '../../../src/domain/fallback';
import { addFallback, applyEvent, initialState } from '../../../src/domain/pending-sends';
import type { EntityEvent, RuleFallback } from '../../../src/domain/types';

const NOW = '2027-03-01T10:00:00.000Z';
const toEmail: RuleFallback = { channel: 'email', after: { value: 15, unit: 'minutes' } };

const primary: PendingSend = {
  key: 'rule-1:evt-1',
  kind: 'notification',
  ruleId: 'rule-1',
  channel: 'sms',
  sendAt: '2027-03-01T09:00:00.000Z',
  eventId: 'evt-1',
  triggerType: 'order.status_changed_to',
  expectedStatusId: 'ready',
  dueDate: null,
  deferred: true,
  notBefore: '2027-03-01T08:00:00.000Z',
};

/** The primary's working-hours deferral is not the fallback's. */
const withoutDeferral = ({ notBefore: _notBefore, ...message }: PendingSend) => message;

describe('fallbackFor: when a primary send calls for the same message on the fallback channel', () => {
  test.each(['no_consent', 'no_contact', 'suppressed'] as const)(
    'when the primary is skipped with %s, then the fallback goes at once and stands in for no delivery',
    (reason) => {
      const fallback = fallbackFor(primary, { outcome: 'skipped', reason, fallback: toEmail }, NOW);

      expect(fallback).toEqual({
        ...withoutDeferral(primary),
        key: 'rule-1:evt-1:fallback',
        channel: 'email',
        sendAt: NOW,
        deferred: false,
        fallback: { of: null, unlessDelivered: false },
      });
    },
  );

  test.each(['provider_rejected', 'provider_error'] as const)(
    'when the primary fails with %s, then the fallback goes at once and names the failed delivery',
    (reason) => {
      const settled: SendSettlement = { outcome: 'failed', reason, deliveryId: 'd-1', fallback: toEmail };

      expect(fallbackFor(primary, settled, NOW)).toMatchObject({
        channel: 'email',
        sendAt: NOW,
        fallback: { of: 'd-1', unlessDelivered: false },
      });
    },
  );

  test('when the primary is sent where delivery is reported, then the fallback waits `after` and goes only unless delivered', () => {
    const settled: SendSettlement = {
      outcome: 'sent',
      deliveryId: 'd-1',
      reportsDelivery: true,
      fallback: { channel: 'whatsapp', after: { value: 2, unit: 'hours' } },
    };

    expect(fallbackFor(primary, settled, NOW)).toMatchObject({
      key: 'rule-1:evt-1:fallback',
      channel: 'whatsapp',
      sendAt: '2027-03-01T12:00:00.000Z',
      fallback: { of: 'd-1', unlessDelivered: true },
    });
  });

  test('when `after` is in days, then a day is 24 hours of elapsed time', () => {
    const settled: SendSettlement = {
      outcome: 'sent',
      deliveryId: 'd-1',
      reportsDelivery: true,
      fallback: { channel: 'email', after: { value: 1, unit: 'days' } },
    };

    expect(fallbackFor(primary, settled, NOW)?.sendAt).toBe('2027-03-02T10:00:00.000Z');
  });

  test('when the primary is sent where no delivery report can come, then nothing falls back', () => {
    const settled: SendSettlement = {
      outcome: 'sent',
      deliveryId: 'd-1',
      reportsDelivery: false,
      fallback: toEmail,
    };

    expect(fallbackFor(primary, settled, NOW)).toBeNull();
    expect(callsForFallback(primary, settled)).toBe(false);
  });

  test.each<[string, SendSettlement]>([
    ['cancelled', { outcome: 'cancelled', reason: 'stale_status', fallback: toEmail }],
    ['capped', { outcome: 'skipped', reason: 'frequency_capped', fallback: toEmail }],
    [
      'a template error',
      { outcome: 'failed', reason: 'template_error', deliveryId: null, fallback: toEmail },
    ],
    ['not needed', { outcome: 'not_needed' }],
    ['of a rule without fallback', { outcome: 'skipped', reason: 'no_consent', fallback: null }],
    ['from a history before fallbacks', { outcome: 'failed', reason: 'provider_error', deliveryId: 'd-1' }],
  ])('when the primary is %s, then nothing falls back', (_what, settled) => {
    expect(fallbackFor(primary, settled, NOW)).toBeNull();
    expect(callsForFallback(primary, settled)).toBe(false);
  });

  test('when a fallback itself is skipped or fails, then it does not fall back again', () => {
    const fallback = fallbackFor(
      primary,
      { outcome: 'skipped', reason: 'no_consent', fallback: toEmail },
      NOW,
    )!;

    for (const settled of [
      { outcome: 'skipped', reason: 'no_consent', fallback: toEmail },
      { outcome: 'failed', reason: 'provider_rejected', deliveryId: 'd-2', fallback: toEmail },
    ] as SendSettlement[]) {
      expect(fallbackFor(fallback, settled, NOW)).toBeNull();
      expect(callsForFallback(fallback, settled)).toBe(false);
    }
  });
});

describe('applyEvent with a fallback pending', () => {
  const reminderFallback: PendingSend = {
    ...primary,
    key: 'rule-r:reminder:2027-03-05T10:00:00.000Z:fallback',
    kind: 'reminder',
    ruleId: 'rule-r',
    channel: 'email',
    triggerType: null,
    expectedStatusId: null,
    dueDate: '2027-03-05T10:00:00.000Z',
    deferred: false,
    fallback: { of: 'd-1', unlessDelivered: true },
  };
  const event = (type: EntityEvent['type']): EntityEvent => ({
    id: `evt-${type}`,
    type,
    entity: 'order',
    entityId: 'order-1',
    companyId: 'company-1',
    at: NOW,
    statusId: 'open',
    previousStatusId: 'open',
    dueDate: '2027-03-05T10:00:00.000Z',
    previousDueDate: '2027-03-05T10:00:00.000Z',
  });

  test('when the reminders are re-planned, then a reminder’s pending fallback is neither rescheduled nor cancelled', () => {
    // Arrange
    const start = addFallback(initialState(), reminderFallback);
    const replan = {
      sends: [],
      reminders: [{ ruleId: 'rule-r', channel: 'sms' as const, sendAt: '2027-03-04T10:00:00.000Z' }],
      statusIsFinal: false,
    };

    // Act
    const { state, feed } = applyEvent(start, event('order.rules_changed'), replan, NOW, {
      reminderPlanningV2: true,
      rulesChangedEvents: true,
    });

    // Assert
    expect(state.pending).toContainEqual(reminderFallback);
    expect(feed.filter((f) => f.type === 'reminder.cancelled')).toEqual([]);
  });

  test('when the rule’s channel changes, then a pending fallback keeps its fallback channel', () => {
    const fallback = { ...reminderFallback, kind: 'notification' as const, key: 'rule-1:evt-1:fallback' };
    const start = addFallback(initialState(), fallback);

    const { state } = applyEvent(
      start,
      event('order.rules_changed'),
      {
        sends: [],
        reminders: [],
        statusIsFinal: false,
        liveRuleIds: ['rule-r'],
        liveRuleChannels: { 'rule-r': 'sms' },
      },
      NOW,
      { rulesChangedEvents: true },
    );

    expect(state.pending).toEqual([fallback]);
  });

  test('when the same fallback is added twice, then it is pending once', () => {
    const state = addFallback(addFallback(initialState(), reminderFallback), reminderFallback);

    expect(state.pending).toEqual([reminderFallback]);
  });
});
