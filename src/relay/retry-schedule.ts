/** How the relay retries an event that Temporal refused, and when it gives up and parks it. */
export interface RetryPolicy {
  /** Attempts before the event is parked. */
  maxAttempts: number;
  /** Wait after the first failure; it doubles after each further one. */
  baseDelayMs: number;
  /** Longest wait between two attempts. */
  maxDelayMs: number;
}

export type NextStep = { park: true } | { park: false; retryInMs: number };

/** What to do after the event's `failedAttempts`-th failed attempt (1 after the first failure). */
export function afterFailedAttempt(policy: RetryPolicy, failedAttempts: number): NextStep {
  if (failedAttempts >= policy.maxAttempts) return { park: true };
  const delay = policy.baseDelayMs * 2 ** (failedAttempts - 1);
  return { park: false, retryInMs: Math.min(delay, policy.maxDelayMs) };
}
