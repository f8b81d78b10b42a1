import type { EntityWorkflowInput } from './definitions';
import { runEntityNotifications } from './entity-notifications';

/** One per order: its notifications (delays, working hours) and its reminders before the due date. */
export async function orderNotificationsWorkflow(input: EntityWorkflowInput): Promise<void> {
  await runEntityNotifications(input);
}
