import { validateTemplate, type TemplateError, type TemplateSource } from '../domain/templates';
import { AppError } from '../errors/app-error';

/**
 * A template that does not parse or names an unknown variable is refused with 422. SPEC 5 asks for
 * `details: {line, column, variable?}`, so `details` is the first problem as an object (with `field` and
 * `path` like other 422s), and `details.errors` lists every problem for editors that mark them all.
 */
export function templateInvalid(errors: TemplateError[]): AppError {
  const all = errors.map((e) => ({ path: [e.field], ...e }));
  const first = all[0]!;
  const where = `${first.field}: ${first.message} at line ${first.line}, column ${first.column}`;
  return new AppError(422, 'invalid_template', where, { ...first, errors: all });
}

export function assertValidTemplate(source: TemplateSource): void {
  const errors = validateTemplate(source);
  if (errors.length > 0) throw templateInvalid(errors);
}
