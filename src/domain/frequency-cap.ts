/**
 * No floods (SPEC 9): at most `maxMessagesPerClientPerDay` messages to one client in any rolling 24 hours,
 * across its orders and leads. Every message counts, whatever its kind: notifications, reminders and
 * fallbacks alike, and each is skipped (`frequency_capped`) once the cap is reached.
 */
export const CAP_WINDOW_MS = 24 * 3_600_000;

/**
 * Whether one more message would exceed the cap, given when the client's latest counted messages were
 * claimed (any order; only those within the 24 hours before `now` count). A null cap never caps.
 */
export function isFrequencyCapped(cap: number | null, recent: Date[], now: Date): boolean {
  if (cap === null) return false;
  const since = now.getTime() - CAP_WINDOW_MS;
  return recent.filter((at) => at.getTime() > since).length >= cap;
}
