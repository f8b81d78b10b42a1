import type { FeedWrite } from '../domain/engine-state';
import { insertFeedEntry } from '../db/repositories/feed-repository';
import type { EngineDeps, EntityRef } from './engine-deps';

/** Feed writes the workflow decided; idempotent by dedupe key, so a retried activity writes once. */
export function createFeedActivities({ db }: Pick<EngineDeps, 'db'>) {
  return {
    async writeFeed(ref: EntityRef & { entries: FeedWrite[] }): Promise<void> {
      for (const e of ref.entries) {
        await insertFeedEntry(db, {
          companyId: ref.companyId,
          entity: ref.entity,
          entityId: ref.entityId,
          type: e.type,
          at: e.at,
          ruleId: e.ruleId,
          channel: e.channel,
          scheduledFor: e.scheduledFor,
          reason: e.reason,
          data: e.data,
          dedupeKey: `${ref.entityId}:${e.dedupeKey}`,
        });
      }
    },
  };
}
