import { z } from 'zod';
import { nonEmptyText } from './common';

// Template text is kept exactly as written (whitespace is part of the message); only NUL is refused,
// because PostgreSQL text cannot hold it. Length and syntax are checked by validateTemplate.
const templateText = z.string().refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
const body = templateText.refine((s) => s.trim() !== '', 'must not be empty');
// A blank subject means "no subject": storing '' would render as an empty email subject.
const subject = templateText
  .nullable()
  .optional()
  .transform((s) => (typeof s === 'string' && s.trim() === '' ? null : s));

export const templateCreateSchema = z.strictObject({ name: nonEmptyText(), subject, body });
export const templatePatchSchema = z.strictObject({
  name: nonEmptyText().optional(),
  subject,
  body: body.optional(),
});

// `name` is accepted and ignored, so an editor can send its whole form (a saved template's shape) as is.
export const templatePreviewSchema = z
  .strictObject({
    name: z.string().optional(),
    subject,
    body,
    orderId: z.uuid().optional(),
    leadId: z.uuid().optional(),
  })
  .refine((p) => !(p.orderId && p.leadId), {
    path: ['leadId'],
    message: 'give orderId or leadId, not both',
  });
