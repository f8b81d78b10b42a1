/**
 * Runs `work` over items so that items with the same key go one after another, in order, while items of
 * different keys run side by side (at most `concurrency` keys at a time). When an item fails, the later
 * items of its key are left undone; the other keys carry on, and the first failure is thrown at the end.
 * Returns how many items were done.
 */
export async function runInOrderedLanes<T>(
  items: T[],
  keyOf: (item: T) => string,
  work: (item: T) => Promise<void>,
  concurrency: number,
): Promise<number> {
  const byKey = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    byKey.set(key, [...(byKey.get(key) ?? []), item]);
  }
  const queues = [...byKey.values()];
  let done = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    for (let queue = queues.shift(); queue; queue = queues.shift()) {
      for (const item of queue) {
        try {
          await work(item);
          done++;
        } catch (error) {
          failure ??= { error };
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queues.length) }, lane));
  if (failure) throw failure.error;
  return done;
}
