import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../../db/pagination';
import { documented } from '../openapi/documented';
import { nonEmptyText, pageQuery } from './common';

// RFC 3339 / ISO-8601 with an explicit offset; seconds and fractions optional, `T` or a space between.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;
const FORMAT_HINT = 'an ISO-8601 date-time with offset, e.g. 2026-11-25T10:00:00Z';

/** An instant with an explicit offset, stored and returned as UTC. */
const dueDateCheck = z
  .string()
  .trim()
  .regex(ISO_WITH_OFFSET, FORMAT_HINT)
  .transform((v, ctx) => {
    const at = new Date(v.replace(' ', 'T').toUpperCase());
    // JavaScript rolls 30 February over into March; a calendar date that does not exist is refused.
    const [y, m, d] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
    const realDay = d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate() && m >= 1 && m <= 12;
    // Years outside 1900-9999 are typing mistakes, and PostgreSQL cannot store some of them.
    const year = at.getUTCFullYear();
    if (Number.isNaN(at.getTime()) || !realDay || year < 1900 || year > 9999) {
      ctx.addIssue({ code: 'custom', message: `${FORMAT_HINT}, in the years 1900 to 9999` });
      return z.NEVER;
    }
    return at.toISOString();
  });
const dueDate = documented(dueDateCheck, {
  type: 'string',
  pattern: ISO_WITH_OFFSET.source,
  example: '2026-11-25T10:00:00Z',
  description:
    'ISO-8601 date-time with an explicit offset (`T` or a space between date and time), returned in UTC. ' +
    'The calendar date must exist (not 30 February) and the year be 1900 to 9999, else 422.',
})
  .nullable()
  .optional();
const number = nonEmptyText(64).optional();

export const orderCreateSchema = z.strictObject({
  clientId: z.uuid(),
  locationId: z.uuid(),
  statusId: z.uuid(),
  number,
  dueDate,
});
export const orderPatchSchema = z.strictObject({ statusId: z.uuid().optional(), dueDate });

export const leadCreateSchema = z.strictObject({ clientId: z.uuid(), statusId: z.uuid(), number });
export const leadPatchSchema = z.strictObject({ statusId: z.uuid().optional() });

export const entityListQuerySchema = z.object(pageQuery());
/** Feeds answer up to 100 entries by default: one page holds a typical order's whole history. */
export const feedQuerySchema = z.object(pageQuery(MAX_PAGE_SIZE));

/** Simulate a change (SPEC 9): the same fields as the change itself. */
export const orderSimulateSchema = orderPatchSchema;
export const newOrderSimulateSchema = orderCreateSchema;
export const leadSimulateSchema = z.strictObject({ statusId: z.uuid() });
