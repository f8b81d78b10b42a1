import { api, type FeedEntry } from '../api/client';
import { unwrap } from '../api/errors';
import { allPages } from './use-load';

/** An order's or lead's whole feed, oldest first: the API answers it in pages (`nextCursor`). */
export function loadFeed(entity: 'order' | 'lead', id: string): Promise<FeedEntry[]> {
  return allPages(async (query) => {
    const params = { path: { id }, query };
    const page = await unwrap(
      entity === 'order'
        ? api.GET('/v1/orders/{id}/feed', { params })
        : api.GET('/v1/leads/{id}/feed', { params }),
    );
    return { items: page.entries, nextCursor: page.nextCursor };
  });
}
