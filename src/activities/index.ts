import type { EngineDeps } from './engine-deps';
import { createDeliveryActivities } from './delivery-activities';
import { createFeedActivities } from './feed-activities';
import { createPlanningActivities } from './planning-activities';

export type { DeliverOutcome, SendOutcome } from './delivery-activities';
export type { EngineDeps } from './engine-deps';

/** Every activity of the notification engine, grouped by concern and registered on one worker. */
export function createEngineActivities(deps: EngineDeps) {
  return {
    ...createPlanningActivities(deps),
    ...createFeedActivities(deps),
    ...createDeliveryActivities(deps),
  };
}

export type EngineActivities = ReturnType<typeof createEngineActivities>;
