import type { EntityWorkflowInput } from './definitions';
import { runEntityNotifications } from './entity-notifications';

/** One per lead: its notifications (created, status changed to). */
export async function leadNotificationsWorkflow(input: EntityWorkflowInput): Promise<void> {
  await runEntityNotifications(input);
}
