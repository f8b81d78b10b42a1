import type { LimitBreach } from '../domain/message-limits';
import {
  sampleTemplateData,
  validateTemplate,
  type TemplateError,
  type TemplateSource,
} from '../domain/templates';
import { AppError } from '../errors/app-error';
import { renderBounded, RenderPoolBusyError } from '../templates/render-pool';

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

/** A render over a limit (SPEC 7): `details.limit` names it, `path` the field when the output is too long. */
export function templateOverLimit(breach: LimitBreach): AppError {
  const path =
    breach.limit === 'body_length' ? ['body'] : breach.limit === 'subject_length' ? ['subject'] : [];
  return new AppError(422, 'invalid_template', breach.message, { limit: breach.limit, path });
}

export const renderersBusy = () =>
  new AppError(503, 'renderer_busy', 'Every template renderer is busy; try again shortly');

export function assertValidTemplate(source: TemplateSource): void {
  const errors = validateTemplate(source);
  if (errors.length > 0) throw templateInvalid(errors);
}

/**
 * What a save checks: the template parses and names only known variables, and a trial render with
 * sample data stays within the limits every channel shares (the email ones, the widest; the channel's
 * own limits apply when a message is sent) and within the time limit.
 */
export async function assertTemplateSaves(source: TemplateSource): Promise<void> {
  assertValidTemplate(source);
  const data = sampleTemplateData();
  const outcome = await renderBounded(source, data, {
    timezone: data.location!.timezone,
    scope: 'any',
  }).catch((err: unknown) => {
    throw err instanceof RenderPoolBusyError ? renderersBusy() : err;
  });
  if (!outcome.ok) throw templateOverLimit(outcome);
}
