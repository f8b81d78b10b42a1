import { z } from 'zod';
import { isValidTimeZone } from '../../domain/normalization';
import { validateWorkingHours } from '../../domain/working-hours';
import { documented } from '../openapi/documented';
import { nonEmptyText, optionalText } from './common';

const interval = {
  type: 'object',
  properties: {
    from: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', example: '09:00' },
    to: { type: 'string', pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$', example: '18:00' },
  },
  required: ['from', 'to'],
  additionalProperties: false,
};
const day = { type: ['array', 'null'], items: interval, maxItems: 48 };

const workingHoursSchema = documented(
  z.unknown().transform((value, ctx) => {
    const result = validateWorkingHours(value);
    if (result.ok) return result.value;
    for (const issue of result.issues)
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    return z.NEVER;
  }),
  {
    type: 'object',
    description:
      "Weekly hours in the location's zone, per weekday zero or more [from, to) intervals; a missing, null or " +
      'empty day is closed. Cross-field rules (422): `to` is later than `from` (an interval never crosses ' +
      'midnight: split it at 24:00), and the intervals of one day do not overlap.',
    properties: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, day])),
    additionalProperties: false,
  },
);

const locationFields = {
  name: nonEmptyText(),
  timezone: documented(z.string().refine(isValidTimeZone, 'not an IANA time zone'), {
    type: 'string',
    pattern: '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$',
    maxLength: 64,
    example: 'Europe/Kyiv',
    description:
      "An IANA time-zone name known to the runtime's zone data (canonical names and aliases such as UTC, " +
      'Europe/Kyiv); a well-formed name that is no zone is refused (422). Fixed offsets are not zones.',
  }),
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
