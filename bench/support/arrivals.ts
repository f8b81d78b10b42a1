/**
 * Where the bench learns that a message went out: the provider (or the baseline's no-op activity) marks a
 * key in this process, and waiters resolve at once — no polling that would load the machine.
 */
export class Arrivals {
  private readonly at = new Map<string, number>();
  private readonly waiters = new Map<string, () => void>();
  private countWaiter: { n: number; resolve: () => void } | undefined;

  get count(): number {
    return this.at.size;
  }

  /** `performance.now()` when `key` arrived, if it has. */
  arrivedAt(key: string): number | undefined {
    return this.at.get(key);
  }

  mark(key: string): void {
    if (this.at.has(key)) return;
    this.at.set(key, performance.now());
    this.waiters.get(key)?.();
    this.waiters.delete(key);
    if (this.countWaiter && this.at.size >= this.countWaiter.n) this.countWaiter.resolve();
  }

  /** Resolves with the arrival time of `key`. */
  waitFor(key: string, timeoutMs: number): Promise<number> {
    const seen = this.at.get(key);
    if (seen !== undefined) return Promise.resolve(seen);
    return withTimeout(
      new Promise<void>((resolve) => this.waiters.set(key, resolve)).then(() => this.at.get(key)!),
      timeoutMs,
      `${key} did not arrive within ${timeoutMs} ms`,
    );
  }

  /** Resolves once `n` keys in all have arrived. */
  waitForCount(n: number, timeoutMs: number): Promise<void> {
    if (this.at.size >= n) return Promise.resolve();
    return withTimeout(
      new Promise<void>((resolve) => (this.countWaiter = { n, resolve })),
      timeoutMs,
      `only ${this.at.size} of ${n} arrived within ${timeoutMs} ms`,
    );
  }

  /** Arrival times in order. */
  times(): number[] {
    return [...this.at.values()].sort((a, b) => a - b);
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
