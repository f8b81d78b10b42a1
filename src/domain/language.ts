/**
 * The client's language (SPEC 9): which text of a template a message uses, and the locale its dates are
 * formatted in. Pure, so the send path, simulate and preview make the same choice.
 */
import type { TemplateSource } from './templates';

export type Translations = Record<string, TemplateSource>;

/** The canonical form of a BCP 47 tag (`de-at` → `de-AT`), or null when it is not one. */
export function canonicalLanguage(tag: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag.trim());
    return canonical ?? null;
  } catch {
    return null;
  }
}

/** `de` for `de-AT`, `zh` for `zh-Hant-TW`: the language subtag alone. */
function baseLanguage(tag: string): string {
  return tag.split('-')[0]!;
}

export interface TextChoice {
  source: TemplateSource;
  /** The locale dates are formatted in. */
  locale: string;
  /** The translation used, or null for the template's main text. */
  language: string | null;
}

/**
 * The client's language when the template has it (the exact tag, else its base language: `de-AT` uses
 * `de`), with dates in the client's own tag; else the main text with the company's locale. A template
 * translated only into a regional variant (`de-AT`) is not used for another (`de-CH`) or the bare base.
 */
export function chooseTemplateText(
  template: TemplateSource & { translations?: Translations | null },
  clientLanguage: string | null | undefined,
  companyLocale: string,
): TextChoice {
  const main = { source: { subject: template.subject, body: template.body }, locale: companyLocale };
  const translations = template.translations ?? {};
  const wanted = clientLanguage ? canonicalLanguage(clientLanguage) : null;
  if (!wanted) return { ...main, language: null };
  for (const candidate of [wanted, baseLanguage(wanted)]) {
    const text = translations[candidate];
    if (text)
      return { source: { subject: text.subject, body: text.body }, locale: wanted, language: candidate };
  }
  return { ...main, language: null };
}
