import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { allPages } from './use-load';

/** What a page needs to show ids as names: clients are looked up one by one where shown. */
export async function loadRefs() {
  const [locations, statuses, templates, rules] = await Promise.all([
    allPages((query) => unwrap(api.GET('/v1/locations', { params: { query } }))),
    allPages((query) => unwrap(api.GET('/v1/statuses', { params: { query } }))),
    allPages((query) => unwrap(api.GET('/v1/templates', { params: { query } }))),
    allPages((query) => unwrap(api.GET('/v1/notification-rules', { params: { query } }))),
  ]);
  return { locations, statuses, templates, rules };
}
export type Refs = Awaited<ReturnType<typeof loadRefs>>;
