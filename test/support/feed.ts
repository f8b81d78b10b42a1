import type { Channel } from '../../src/domain/types';
import { eventually } from './e2e-stack';

/** An entry of GET /v1/{orders|leads}/{id}/feed. */
export interface FeedEntry {
  id: string;
  at: string;
  type: string;
  ruleId: string | null;
  channel: Channel | null;
  scheduledFor: string | null;
  reason: string | null;
  deliveryId: string | null;
  to: string | null;
  previousScheduledFor?: string;
  [key: string]: unknown;
}

export const types = (entries: FeedEntry[]) => entries.map((e) => e.type);
export const ofType = (entries: FeedEntry[], type: string) => entries.filter((e) => e.type === type);

/** Waits until the feed holds entries of every listed type (repeats count), and returns all of it. */
export async function waitForFeed(read: () => Promise<FeedEntry[]>, wanted: string[]): Promise<FeedEntry[]> {
  return eventually(async () => {
    const entries = await read();
    const remaining = types(entries);
    for (const type of wanted) {
      const at = remaining.indexOf(type);
      if (at < 0) return undefined;
      remaining.splice(at, 1);
    }
    return entries;
  });
}

/** Every entry of a feed, following `nextCursor` page by page. */
export async function readWholeFeed(
  get: (
    url: string,
  ) => PromiseLike<{ status: number; body: { entries: FeedEntry[]; nextCursor: string | null } }>,
  url: string,
): Promise<FeedEntry[]> {
  const entries: FeedEntry[] = [];
  let cursor: string | null = null;
  do {
    const res = await get(cursor ? `${url}?cursor=${cursor}` : url);
    if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    entries.push(...res.body.entries);
    cursor = res.body.nextCursor;
  } while (cursor);
  return entries;
}
