import { z } from 'zod';
import { canonicalLanguage } from '../../domain/language';
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

/** A BCP 47 language tag, in its canonical form (`de-at` → `de-AT`). */
export const languageTag = z
  .string()
  .max(35)
  .transform((tag, ctx) => {
    const canonical = canonicalLanguage(tag);
    if (!canonical) {
      ctx.addIssue({ code: 'custom', message: 'not a BCP 47 language tag, e.g. de or de-AT' });
      return z.NEVER;
    }
    return canonical;
  });

const translation = z
  .strictObject({ subject, body })
  .transform((t) => ({ subject: t.subject ?? null, body: t.body }));

/** `{"de": {subject, body}}`, keys stored canonical; two spellings of one language are refused. */
const translations = z
  .record(z.string(), translation)
  .superRefine((value, ctx) => {
    const seen = new Map<string, string>();
    for (const key of Object.keys(value)) {
      const canonical = canonicalLanguage(key);
      if (!canonical) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'not a BCP 47 language tag, e.g. de or de-AT',
        });
      } else if (seen.has(canonical)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `the same language as "${seen.get(canonical)}"`,
        });
      } else seen.set(canonical, key);
    }
  })
  .transform((value) =>
    Object.fromEntries(Object.entries(value).map(([key, text]) => [canonicalLanguage(key)!, text])),
  );

export const templateCreateSchema = z.strictObject({
  name: nonEmptyText(),
  subject,
  body,
  translations: translations.optional(),
});
export const templatePatchSchema = z.strictObject({
  name: nonEmptyText().optional(),
  subject,
  body: body.optional(),
  translations: translations.optional(),
});

// `name` and `translations` are accepted so an editor can send its whole form (a saved template's shape);
// the preview renders the text `language` chooses, as a send to a client of that language would.
export const templatePreviewSchema = z
  .strictObject({
    name: z.string().optional(),
    subject,
    body,
    translations: translations.optional(),
    language: languageTag.optional(),
    orderId: z.uuid().optional(),
    leadId: z.uuid().optional(),
  })
  .refine((p) => !(p.orderId && p.leadId), {
    path: ['leadId'],
    message: 'give orderId or leadId, not both',
  });
