export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export const iso = (ms: number) => new Date(ms).toISOString();
export const plusMs = (instant: string, ms: number) => iso(Date.parse(instant) + ms);

/** Rule durations (delays, reminder lead times). */
export const days = (value: number) => ({ value, unit: 'days' as const });
export const hours = (value: number) => ({ value, unit: 'hours' as const });
