import { validationError } from '../errors/app-error';
import { exactIsoString } from './pool';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface CursorPosition {
  createdAt: string;
  id: string;
}

export const DEFAULT_PAGE_SIZE = 50;
/** No list answers more than this many items at once (`?limit=` up to it). */
export const MAX_PAGE_SIZE = 100;

export function encodeCursor(pos: CursorPosition): string {
  return Buffer.from(JSON.stringify([pos.createdAt, pos.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CursorPosition | null {
  if (!cursor) return null;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // Checked as strictly as PostgreSQL will cast them, so a tampered cursor is a 422, not a 500.
    if (isCursorInstant(createdAt) && typeof id === 'string' && UUID_RE.test(id)) {
      return { createdAt, id };
    }
  } catch {
    // fall through to the validation error below
  }
  throw validationError('cursor: not a cursor this API returned', [
    { path: ['cursor'], message: 'invalid cursor' },
  ]);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT_RE = /^([1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\d{3}Z$/;

/** The form encodeCursor writes: ISO-8601 UTC with microseconds, naming a real calendar instant. */
function isCursorInstant(value: unknown): value is string {
  const match = typeof value === 'string' ? INSTANT_RE.exec(value) : null;
  if (!match) return false;
  const millis = new Date(`${match[1]}Z`);
  // Date accepts 2024-02-30 (as 1 March); PostgreSQL does not, so the value must survive a round trip.
  return !Number.isNaN(millis.getTime()) && millis.toISOString() === `${match[1]}Z`;
}

/**
 * Keyset pagination over (created_at, id), oldest first. `rows` were fetched with LIMIT pageSize + 1
 * after the cursor; the extra row only says whether there is a next page.
 */
export function toPage<R extends { created_at: Date; id: string }, T>(
  rows: R[],
  pageSize: number,
  map: (row: R) => T,
): Page<T> {
  const pageRows = rows.slice(0, pageSize);
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(map),
    nextCursor:
      rows.length > pageSize && last
        ? encodeCursor({ createdAt: exactIsoString(last.created_at), id: last.id })
        : null,
  };
}

/** SQL fragment and params for "after the cursor"; `$n` numbering continues from `params`. */
export function afterCursor(cursor: CursorPosition | null, params: unknown[]): string {
  if (!cursor) return 'TRUE';
  params.push(cursor.createdAt, cursor.id);
  return `(created_at, id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
}

/**
 * Lists kept in insertion order by a bigserial id (feed, consent history): the cursor is the last id seen.
 * `rows` were fetched with LIMIT pageSize + 1 after it.
 */
export function toSeqPage<R extends { id: number }, T>(rows: R[], pageSize: number, map: (row: R) => T) {
  const pageRows = rows.slice(0, pageSize);
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(map),
    nextCursor: rows.length > pageSize && last ? Buffer.from(`seq:${last.id}`).toString('base64url') : null,
  };
}

/** The id after which a sequence page starts (0 for the first page). */
export function decodeSeqCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const match = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match) return Number(match[1]);
  throw validationError('cursor: not a cursor this API returned', [
    { path: ['cursor'], message: 'invalid cursor' },
  ]);
}
