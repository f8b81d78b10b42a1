import { z } from 'zod';
import { isValidTimeZone } from '../../domain/normalization';
import { validateWorkingHours } from '../../domain/working-hours';
import { nonEmptyText, optionalText } from './common';

const workingHoursSchema = z.unknown().transform((value, ctx) => {
  const result = validateWorkingHours(value);
  if (result.ok) return result.value;
  for (const issue of result.issues)
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  return z.NEVER;
});

const locationFields = {
  name: nonEmptyText(),
  timezone: z.string().refine(isValidTimeZone, 'not an IANA time zone'),
  address: optionalText(),
  phone: optionalText(50),
  workingHours: workingHoursSchema,
};

export const locationCreateSchema = z.strictObject(locationFields);
export const locationPatchSchema = z.strictObject({
  name: locationFields.name.optional(),
  timezone: locationFields.timezone.optional(),
  address: locationFields.address,
  phone: locationFields.phone,
  workingHours: workingHoursSchema.optional(),
});
