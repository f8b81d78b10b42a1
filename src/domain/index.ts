/**
 * Pure domain logic (no I/O, no clock): import from here in the API and activities.
 * Workflow code may prefer the individual modules to keep zod/phone metadata out of its bundle.
 */
export * from './types';
export * from './zoned-time';
export * from './normalization';
export * from './working-hours';
export * from './schedule';
export * from './rule-matching';
export * from './consent';
export * from './templates';
