/**
 * The Liquid engine behind notification templates, configured for templates written by users.
 * Pure: no file system, no network, no globals mutated. Used only through `./templates`.
 */
import { Drop, Liquid, filters as builtinFilters } from 'liquidjs';
import type { FilterImplOptions, LiquidOptions } from 'liquidjs';

export const DEFAULT_LOCALE = 'en-GB';
export const DEFAULT_TIMEZONE = 'UTC';

/** Longest subject or body accepted (characters); also enforced by liquidjs's `parseLimit`. */
export const MAX_TEMPLATE_LENGTH = 50_000;
/** Longest a single render may take (ms) before liquidjs stops it. */
const RENDER_LIMIT_MS = 1_000;
/** liquidjs's allocation budget per render (string/array sizes, ranges, joins, strftime…). */
const MEMORY_LIMIT = 10_000_000;

/** Tags that would load other templates. There are none to load, so they are refused when parsed (= at save). */
const FORBIDDEN_TAGS = ['include', 'render', 'layout'] as const;

/** Date filters that must see the instant behind `order.dueDate`, not its display text. */
const DATE_FILTERS = ['date', 'date_to_xmlschema', 'date_to_rfc822', 'date_to_string', 'date_to_long_string'];

/**
 * `{{order.dueDate}}`: prints as date and time in the location's zone and the company's locale,
 * while the date filters (`| date: "%H:%M"`) still get the ISO instant.
 * The instant lives in a #private field, so templates cannot read it as a property.
 */
export class LocalDateTimeDrop extends Drop {
  readonly #iso: string;
  readonly #text: string;

  constructor(iso: string, text: string) {
    super();
    this.#iso = iso;
    this.#text = text;
  }

  /** Static, so that templates cannot reach it (`{{ order.dueDate.iso }}` prints nothing). */
  static instantOf(drop: LocalDateTimeDrop): string {
    return drop.#iso;
  }

  /** liquidjs prints `valueOf()` of a Drop, and passes it to non-date filters (`| upcase`). */
  override valueOf(): string {
    return this.#text;
  }

  override toString(): string {
    return this.#text;
  }
}

type FilterHandler = Extract<FilterImplOptions, (...args: never[]) => unknown>;

function passInstantToDateFilter(impl: FilterImplOptions): FilterImplOptions {
  const handler: FilterHandler = typeof impl === 'function' ? impl : impl.handler;
  const wrapped: FilterHandler = function (this: ThisParameterType<FilterHandler>, value: unknown, ...args) {
    return handler.call(
      this,
      value instanceof LocalDateTimeDrop ? LocalDateTimeDrop.instantOf(value) : value,
      ...args,
    );
  };
  return typeof impl === 'function' ? wrapped : { ...impl, handler: wrapped };
}

function createEngine(timezone: string, locale: string): Liquid {
  const options: LiquidOptions = {
    // No file system: an empty in-memory template map, and the tags that would use it are refused below.
    templates: {},
    relativeReference: false,
    dynamicPartials: false,
    cache: false,
    // Templates see only the data's own properties (no prototype, constructor, __proto__…).
    ownPropertyOnly: true,
    // A misspelt filter is an error at save time instead of silently doing nothing.
    strictFilters: true,
    // A missing value (no order for a lead message, a client without email) prints as ''.
    strictVariables: false,
    // SMS, WhatsApp, Viber and email bodies here are plain text, not HTML: no output escaping,
    // so "Smith & Sons" stays "Smith & Sons" (HTML-escaping would show "&amp;" to the client).
    outputEscape: undefined,
    // The `date` filter (and "now") work in the location's zone; liquidjs v10 accepts an IANA name
    // and computes the offset for each date, so DST is respected. Month/day names use the locale.
    timezoneOffset: timezone,
    locale,
    // DoS limits for user-written templates.
    parseLimit: MAX_TEMPLATE_LENGTH,
    renderLimit: RENDER_LIMIT_MS,
    memoryLimit: MEMORY_LIMIT,
  };
  const liquid = new Liquid(options);
  for (const tag of FORBIDDEN_TAGS) {
    liquid.registerTag(tag, {
      parse() {
        throw new Error(`tag "${tag}" is not allowed in notification templates`);
      },
      render() {
        return undefined;
      },
    });
  }
  for (const name of DATE_FILTERS) {
    const impl = builtinFilters[name];
    if (impl) liquid.registerFilter(name, passInstantToDateFilter(impl));
  }
  return liquid;
}

export function isValidTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The canonical form of a BCP 47 locale, or the default when missing or invalid. */
export function normalizeLocale(locale: string | null | undefined): string {
  if (!locale) return DEFAULT_LOCALE;
  try {
    const [canonical] = Intl.getCanonicalLocales(locale);
    if (canonical && Intl.DateTimeFormat.supportedLocalesOf([canonical]).length > 0) return canonical;
  } catch {
    // invalid tag: fall through
  }
  return DEFAULT_LOCALE;
}

/** Zones are validated when a location is saved; an invalid one here falls back to UTC rather than fail a send. */
export function normalizeTimezone(zone: string | null | undefined): string {
  return zone && isValidTimezone(zone) ? zone : DEFAULT_TIMEZONE;
}

/**
 * One engine per (zone, locale), since liquidjs takes both as instance options. Engines are stateless
 * between renders (each `parse`/`render` builds its own parser and context), so sharing them is safe.
 * Bounded, least recently used evicted first.
 */
const MAX_ENGINES = 64;
const engines = new Map<string, Liquid>();

export function engineFor(timezone: string, locale: string): Liquid {
  const key = `${timezone}\u0000${locale}`;
  let engine = engines.get(key);
  if (engine) {
    engines.delete(key);
  } else {
    engine = createEngine(timezone, locale);
    if (engines.size >= MAX_ENGINES) {
      const oldest = engines.keys().next().value;
      if (oldest !== undefined) engines.delete(oldest);
    }
  }
  engines.set(key, engine);
  return engine;
}

/** The engine used for validation; zone and locale do not matter when only parsing. */
export function validationEngine(): Liquid {
  return engineFor(DEFAULT_TIMEZONE, DEFAULT_LOCALE);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * How `{{order.dueDate}}` prints: `dateStyle: 'medium', timeStyle: 'short'` in the location's zone —
 * "25 Nov 2026, 10:00" (en-GB), "25.11.2026, 10:00" (de-DE), "Nov 25, 2026, 10:00 AM" (en-US).
 * Medium rather than short because short gives two-digit years and, in en-US, month-first numbers
 * that clients abroad misread; other formats are available with the `date` filter.
 */
export function formatDateTime(iso: string, timezone: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const key = `${timezone}\u0000${locale}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: timezone });
    if (dateTimeFormats.size >= MAX_ENGINES) dateTimeFormats.clear();
    dateTimeFormats.set(key, format);
  }
  return format.format(date);
}
