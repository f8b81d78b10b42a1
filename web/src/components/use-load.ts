import { useCallback, useEffect, useState } from 'react';

/** Loads data for a page: `data` once loaded, `error` when it failed, `reload` after a change. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    try {
      const data = await run();
      setState({ data, loading: false });
    } catch (error) {
      setState({ error: error as Error, loading: false });
    }
  }, [run]);
  useEffect(() => {
    setState((s) => ({ ...s, loading: true }));
    void reload();
  }, [reload]);
  return { ...state, reload };
}

/** The most a list answers at once (the API's `?limit=` maximum): fewer requests for a whole list. */
export const LARGEST_PAGE = 100;

/**
 * Follows `nextCursor` so a picker offers every location, status or template, not the first page (and a
 * feed or consent history shows every entry).
 */
export async function allPages<T>(
  page: (query: { cursor?: string; limit: number }) => Promise<{ items: T[]; nextCursor: string | null }>,
  maxPages = 20,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const result = await page({ cursor, limit: LARGEST_PAGE });
    items.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return items;
}
