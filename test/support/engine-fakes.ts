import type { createEngineActivities, SendOutcome } from '../../src/activities';
import type { EntityEvent } from '../../src/domain/types';
import type { FeedWrite, PendingSend } from '../../src/domain/engine-state';
import type { EventPlan } from '../../src/domain/event-plan';

type Activities = ReturnType<typeof createEngineActivities>;

/**
 * In-memory stand-ins for the engine's activities, typed by the real factory: the test decides what each
 * event plans, and records every feed write and send attempt.
 */
export function fakeEngineActivities(plan: (event: EntityEvent) => EventPlan) {
  const feed: FeedWrite[] = [];
  const delivered: PendingSend[] = [];
  const failures: PendingSend[] = [];
  const recorded: PendingSend[] = [];
  let deliverImpl: (send: PendingSend) => Promise<SendOutcome> = async () => ({
    outcome: 'accepted',
    deliveryId: 'd-1',
    provider: 'fake',
    providerMessageId: 'pm-1',
  });
  const activities: Activities = {
    planEvent: async ({ event }) => plan(event),
    writeFeed: async ({ entries }) => {
      feed.push(...entries);
    },
    sendMessage: async ({ send }) => {
      delivered.push(send);
      return deliverImpl(send);
    },
    recordSent: async ({ send }) => {
      recorded.push(send);
    },
    deliver: async ({ send }) => {
      delivered.push(send);
      const outcome = await deliverImpl(send);
      if (outcome.outcome === 'deferred' || outcome.outcome === 'not_needed') {
        throw new Error(`deliver is never ${outcome.outcome}`);
      }
      return outcome.outcome === 'accepted' ? { outcome: 'sent', deliveryId: outcome.deliveryId } : outcome;
    },
    recordDeliveryFailure: async ({ send }) => {
      failures.push(send);
      return { deliveryId: null, fallback: null };
    },
  };
  return {
    activities,
    feed,
    delivered,
    recorded,
    failures,
    onDeliver(impl: (send: PendingSend) => Promise<SendOutcome>) {
      deliverImpl = impl;
    },
  };
}

let counter = 0;

export function orderEvent(overrides: Partial<EntityEvent> & Pick<EntityEvent, 'type' | 'at'>): EntityEvent {
  counter += 1;
  return {
    id: `evt-${counter}`,
    entity: 'order',
    entityId: 'order-1',
    companyId: 'company-1',
    statusId: 'status-new',
    previousStatusId: null,
    dueDate: null,
    previousDueDate: null,
    ...overrides,
  };
}

export const noPlan: EventPlan = { sends: [], reminders: [], statusIsFinal: false };
