import { z } from 'zod';

/** An instant with an explicit offset, stored and returned as UTC. */
const dueDate = z.iso
  .datetime({ offset: true, message: 'an ISO-8601 date-time with offset, e.g. 2026-11-25T10:00:00Z' })
  .transform((v) => new Date(v).toISOString())
  .nullable()
  .optional();
const number = z.string().trim().min(1).max(64).optional();

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

export const entityListQuerySchema = z.object({ cursor: z.string().optional() });
