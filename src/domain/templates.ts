/**
 * Notification templates (SPEC 2.4): validation at save time and rendering at send time.
 * Pure: no I/O. The Liquid engine and its safety settings live in `./templates-engine`.
 */
import { LiquidError, Variable } from 'liquidjs';
import type { Template } from 'liquidjs';
import {
  LocalDateTimeDrop,
  MAX_TEMPLATE_LENGTH,
  engineFor,
  formatDateTime,
  normalizeLocale,
  normalizeTimezone,
  validationEngine,
} from './templates-engine';
import { TemplateLocals } from './template-locals';

export { DEFAULT_LOCALE, MAX_TEMPLATE_LENGTH } from './templates-engine';

/** The only data a template may refer to. Anything else (`{{client.nmae}}`, `{{foo}}`) is refused at save. */
export const TEMPLATE_VARIABLES: readonly string[] = Object.freeze([
  'client.name',
  'client.phone',
  'client.email',
  'order.number',
  'order.status',
  'order.dueDate',
  'location.name',
  'location.address',
  'location.phone',
  'company.name',
  'lead.number',
  'lead.status',
]);
const ALLOWED = new Set(TEMPLATE_VARIABLES);

export interface TemplateSource {
  subject: string | null;
  body: string;
}

export type TemplateField = 'subject' | 'body';

/** A save-time problem; `line` and `column` are 1-based. `variable` is set for an unknown variable. */
export interface TemplateError {
  field: TemplateField;
  message: string;
  line: number;
  column: number;
  variable?: string;
}

export interface TemplateData {
  client: { name: string; phone: string | null; email: string | null };
  company: { name: string };
  location?: { name: string; address: string | null; phone: string | null; timezone: string } | null;
  /** `status` is the status name; `dueDate` an ISO-8601 UTC instant. */
  order?: { number: string; status: string; dueDate: string | null } | null;
  lead?: { number: string; status: string } | null;
}

export interface RenderOptions {
  /** Company locale (BCP 47); missing or invalid → `en-GB`. */
  locale?: string | null;
  /** The location's IANA zone; invalid → UTC. */
  timezone: string;
}

export interface RenderedTemplate {
  subject: string | null;
  body: string;
}

/** Rendering failed: a template that no longer parses, or a liquidjs render/memory limit was hit. */
export class TemplateRenderError extends Error {
  constructor(
    readonly field: TemplateField,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`template ${field}: ${message}`, options);
    this.name = 'TemplateRenderError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

/** Every problem of subject and body: `[]` when the template can be saved. */
export function validateTemplate(t: TemplateSource): TemplateError[] {
  const errors: TemplateError[] = [];
  if (t.subject !== null) errors.push(...validateField('subject', t.subject));
  errors.push(...validateField('body', t.body));
  return errors;
}

function validateField(field: TemplateField, source: string): TemplateError[] {
  if (source.length > MAX_TEMPLATE_LENGTH) {
    return [
      { field, message: `template is longer than ${MAX_TEMPLATE_LENGTH} characters`, line: 1, column: 1 },
    ];
  }
  const engine = validationEngine();
  let parsed: Template[];
  try {
    parsed = engine.parse(source);
  } catch (err) {
    return [syntaxError(field, source, err)];
  }
  // Globals = variables the template expects from outside; those set by assign/capture/for/increment are locals.
  // `partials: false`: include/render are refused above anyway, never load anything.
  const analysis = engine.analyzeSync(parsed, { partials: false });
  const errors: TemplateError[] = [];
  const unknown = (variable: Variable, name: string, message: string) =>
    errors.push({
      field,
      message,
      line: variable.location.row,
      column: variable.location.col,
      variable: name,
    });
  const globals = new Set<Variable>();
  for (const occurrences of Object.values(analysis.globals)) {
    for (const variable of occurrences) {
      globals.add(variable);
      const name = variableName(variable.segments);
      if (!ALLOWED.has(name)) unknown(variable, name, `unknown variable "${name}"`);
    }
  }
  // What is read from the template's own variables: through an alias it must be known data, and from a
  // computed value only the accessors Liquid gives every value (no `__proto__`, no typos).
  const locals = new TemplateLocals(parsed);
  for (const occurrences of Object.values(analysis.variables)) {
    for (const variable of occurrences) {
      if (globals.has(variable) || variable.segments.length < 2) continue;
      const written = variableName(variable.segments);
      const resolved = locals.resolve(variable);
      if (resolved.kind === 'data') {
        const name = variableName(resolved.segments);
        if (!ALLOWED.has(name)) unknown(variable, written, `unknown variable "${written}" (${name})`);
      } else if (!resolved.accessed.every(isValueAccessor)) {
        unknown(
          variable,
          written,
          `unknown variable "${written}": only ${[...VALUE_ACCESSORS].join(', ')} or an index can be read from "${resolved.local}"`,
        );
      }
    }
  }
  return errors.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** What may be read from a value a template computed: Liquid's size/first/last and the loop objects' fields. */
const VALUE_ACCESSORS = new Set([
  'size',
  'first',
  'last',
  'index',
  'index0',
  'rindex',
  'rindex0',
  'length',
  'col',
  'col0',
  'col_first',
  'col_last',
  'row',
]);

const isValueAccessor = (segment: Variable['segments'][number]) =>
  typeof segment === 'number' || typeof segment !== 'string' || VALUE_ACCESSORS.has(segment);

/** `client.name` for `client.name` and `client["name"]`; the source-like form (`items[0]`, `client[foo]`) otherwise. */
function variableName(segments: Variable['segments']): string {
  if (segments.every((s): s is string => typeof s === 'string')) return segments.join('.');
  return new Variable(segments, { row: 0, col: 0 }).toString();
}

function syntaxError(field: TemplateField, source: string, err: unknown): TemplateError {
  if (!LiquidError.is(err)) {
    const message = err instanceof Error ? err.message : String(err);
    return { field, message, line: 1, column: 1 };
  }
  const message = (err.originalError?.message ?? err.message).replace(/, line:\d+, col:\d+$/, '');
  const [line = 1, column = 1] = err.token.getPosition();
  const position = { line, column };
  // liquidjs points an unknown filter at the start of its `{{`/`{%`; point at the filter itself.
  const filter = /^undefined filter: (\S+)$/.exec(message)?.[1];
  if (filter && err.token.input === source) {
    const text = source.slice(err.token.begin, err.token.end);
    const match = new RegExp(`\\|\\s*(${escapeRegExp(filter)})(?![\\w-])`).exec(text);
    if (match)
      Object.assign(position, positionAt(source, err.token.begin + match.index + match[0].indexOf(filter)));
  }
  return { field, message, ...position };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** 1-based line and column of a string offset. */
function positionAt(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastBreak };
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

/**
 * Render subject and body with current data. Synchronous and side-effect free (apart from liquidjs's
 * `"now"`, which reads the clock). Unknown or missing values print as '' — a lead message has no order,
 * a client may have no email — and never throw. Throws `TemplateRenderError` only for a template that
 * does not parse or a render that exceeds the engine's limits.
 *
 * `{{order.dueDate}}` prints date and time in `opts.timezone` with `opts.locale` (see `formatDateTime`);
 * `{{order.dueDate | date: "%d.%m.%Y %H:%M"}}` formats the same instant in the same zone.
 * The subject is one line: line breaks in it become spaces.
 */
export function renderTemplate(t: TemplateSource, data: TemplateData, opts: RenderOptions): RenderedTemplate {
  const timezone = normalizeTimezone(opts.timezone);
  const locale = normalizeLocale(opts.locale);
  const subject = t.subject === null ? null : renderField('subject', t.subject, data, timezone, locale);
  return {
    subject: subject === null ? null : subject.replace(/\s*[\r\n]+\s*/g, ' ').trim(),
    body: renderField('body', t.body, data, timezone, locale),
  };
}

function renderField(
  field: TemplateField,
  source: string,
  data: TemplateData,
  timezone: string,
  locale: string,
): string {
  const engine = engineFor(timezone, locale);
  let parsed: Template[];
  try {
    parsed = engine.parse(source);
  } catch (err) {
    throw new TemplateRenderError(field, errorMessage(err), { cause: err });
  }
  try {
    return String(engine.renderSync(parsed, toScope(data, timezone, locale)) ?? '');
  } catch (err) {
    throw new TemplateRenderError(field, errorMessage(err), { cause: err });
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * What templates see: a fresh copy holding exactly the documented variables (the location's zone, ids
 * and anything else the caller's objects may carry stay out of reach).
 */
function toScope(data: TemplateData, timezone: string, locale: string): Record<string, unknown> {
  const { client, company, location, order, lead } = data;
  return {
    client: { name: client.name, phone: client.phone ?? null, email: client.email ?? null },
    company: { name: company.name },
    location: location
      ? { name: location.name, address: location.address ?? null, phone: location.phone ?? null }
      : null,
    order: order
      ? {
          number: order.number,
          status: order.status,
          dueDate: order.dueDate
            ? new LocalDateTimeDrop(order.dueDate, formatDateTime(order.dueDate, timezone, locale))
            : null,
        }
      : null,
    lead: lead ? { number: lead.number, status: lead.status } : null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Preview

/** Example data for previewing a template when no order or lead is given. A fresh object on each call. */
export function sampleTemplateData(): TemplateData {
  return {
    client: { name: 'Jane Doe', phone: '+447700900123', email: 'jane.doe@example.com' },
    company: { name: 'Acme Repairs' },
    location: {
      name: 'Acme Repairs Central',
      address: '1 High Street, London',
      phone: '+442079460000',
      timezone: 'Europe/London',
    },
    order: { number: '1001', status: 'Ready for pickup', dueDate: '2026-11-25T10:00:00.000Z' },
    lead: { number: '2001', status: 'New' },
  };
}
