import { z } from 'zod';
import { validationError } from '../errors/app-error';

/** Parses input with a zod schema; a failure is a 422 listing every wrong field by path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.flatMap((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    // zod reports unknown fields on their parent object; name each field so the caller sees which.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key], message: `Unknown field "${key}"` }));
    }
    return [{ path, message: issue.message }];
  });
  const summary = details.map((d) => `${d.path.join('.') || '(body)'}: ${d.message}`).join('; ');
  throw validationError(summary, details);
}

export const uuidParam = z.uuid();
