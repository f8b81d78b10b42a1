/**
 * The entity workflow's patches; a new one goes at the end (the order matters only for
 * `patchedThrough`). Each `patched()` call records a marker and upserts the `TemporalChangeVersion`
 * search attribute: for a new order that was five markers and five visibility writes, a third of its
 * history (docs/performance.md). A run started by code that already had every patch up to
 * `patchedThrough` (the relay says so in the workflow's input) takes those as present without asking;
 * runs started before, which carry no such input, ask as they always did.
 */
import { patched } from '@temporalio/workflow';

export const ENTITY_PATCHES = [
  'reminder-planning-v2',
  'rules-changed-events',
  'already-sent-skips',
  'location-changed-events',
  'idle-completion-keeps-late-events',
  'send-path-v2',
  'local-activities',
  'channel-fallback',
  'debounce',
  'paced-sends',
  'plans-with-events',
] as const;

export type EntityPatch = (typeof ENTITY_PATCHES)[number];

/** What the relay puts in a new workflow's input: every patch above is in the code that starts it. */
export const LATEST_ENTITY_PATCH: EntityPatch = ENTITY_PATCHES[ENTITY_PATCHES.length - 1]!;

/**
 * `patched(id)` for a run whose input says which patches its code started with. A patch this code does
 * not know (a newer starter) counts as none: every patch is then asked for.
 */
export function patchGate(patchedThrough: string | undefined) {
  const through = ENTITY_PATCHES.indexOf(patchedThrough as EntityPatch);
  return {
    /** The run started with every patch, so none of them records a marker. */
    startedPatched: through >= 0,
    has: (id: EntityPatch) => ENTITY_PATCHES.indexOf(id) <= through || patched(id),
  };
}
