import type { LimitBreach } from '../domain/message-limits';
import {
  sampleTemplateData,
  validateTemplate,
  type TemplateError,
  type TemplateSource,
} from '../domain/templates';
import type { Translations } from '../domain/language';
import { AppError } from '../errors/app-error';
import { renderBounded, RenderPoolBusyError } from '../templates/render-pool';

/**
 * A template that does not parse or names an unknown variable is refused with 422. SPEC 5 asks for
 * `details: {line, column, variable?}`, so `details` is the first problem as an object (with `field` and
 * `path` like other 422s), and `details.errors` lists every problem for editors that mark them all.
 */
export function templateInvalid(errors: TemplateError[], within: string[] = []): AppError {
  const all = errors.map((e) => ({ path: [...within, e.field], ...e }));
  const first = all[0]!;
  const where = `${first.path.join('.')}: ${first.message} at line ${first.line}, column ${first.column}`;
  return new AppError(422, 'invalid_template', where, { ...first, errors: all });
}

/** A render over a limit (SPEC 7): `details.limit` names it, `path` the field when the output is too long. */
export function templateOverLimit(breach: LimitBreach, within: string[] = []): AppError {
  const field =
    breach.limit === 'body_length' ? 'body' : breach.limit === 'subject_length' ? 'subject' : null;
  const path = [...within, ...(field ? [field] : [])];
  const message = within.length > 0 ? `${within.join('.')}: ${breach.message}` : breach.message;
  return new AppError(422, 'invalid_template', message, { limit: breach.limit, path });
}

export const renderersBusy = () =>
  new AppError(503, 'renderer_busy', 'Every template renderer is busy; try again shortly');

/** `within` is where the text sits in the request (`['translations', 'de']`), for the error's path. */
export function assertValidTemplate(source: TemplateSource, within: string[] = []): void {
  const errors = validateTemplate(source);
  if (errors.length > 0) throw templateInvalid(errors, within);
}

/**
 * What a save checks: the template parses and names only known variables, and a trial render with
 * sample data stays within the limits every channel shares (the email ones, the widest; the channel's
 * own limits apply when a message is sent) and within the time limit.
 */
export async function assertTemplateSaves(
  source: TemplateSource & { translations?: Translations },
): Promise<void> {
  // Each translation is checked exactly like the main text, with its language's date format.
  const texts: { text: TemplateSource; locale?: string; within: string[] }[] = [
    { text: source, within: [] },
    ...Object.entries(source.translations ?? {}).map(([language, text]) => ({
      text,
      locale: language,
      within: ['translations', language],
    })),
  ];
  for (const { text, within } of texts) assertValidTemplate(text, within);
  const data = sampleTemplateData();
  for (const { text, locale, within } of texts) {
    const outcome = await renderBounded(text, data, {
      timezone: data.location!.timezone,
      locale,
      scope: 'any',
    }).catch((err: unknown) => {
      throw err instanceof RenderPoolBusyError ? renderersBusy() : err;
    });
    if (!outcome.ok) throw templateOverLimit(outcome, within);
  }
}
