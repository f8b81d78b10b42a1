import type { Pool } from 'pg';
import { chooseTemplateText, type Translations } from '../domain/language';
import { sampleTemplateData, type RenderedTemplate } from '../domain/templates';
import type { EntityKind } from '../domain/types';
import { loadEntity, loadMessageContext } from '../activities/entity-context';
import { renderMessage } from '../activities/message-rendering';
import { getSettings } from '../db/repositories/settings-repository';
import { notFound } from '../errors/app-error';
import { renderBounded, RenderPoolBusyError, type RenderOutcome } from '../templates/render-pool';
import { assertValidTemplate, renderersBusy, templateOverLimit } from './template-validation';

export interface PreviewInput {
  subject?: string | null;
  body: string;
  translations?: Translations;
  /** Render as for a client of this language; else the named order's or lead's client's language. */
  language?: string;
  orderId?: string;
  leadId?: string;
}

/**
 * Renders an unsaved template the way it would be sent: with a real order's or lead's current data
 * (loaded and rendered by the same code the send activity uses, so the preview cannot drift from the
 * message), or with sample data when none is named, in the language a send would choose. Refused like a
 * save (422) when the template would not save, and (422, `details.limit`) when this render is over a
 * limit; it runs on the render pool, off the event loop.
 */
export async function previewTemplate(
  db: Pool,
  companyId: string,
  input: PreviewInput,
): Promise<RenderedTemplate> {
  const template = { subject: input.subject ?? null, body: input.body, translations: input.translations };
  assertValidTemplate(template);
  for (const [language, text] of Object.entries(input.translations ?? {}))
    assertValidTemplate(text, ['translations', language]);
  const entity = input.orderId
    ? ({ kind: 'order', id: input.orderId } as const)
    : input.leadId
      ? ({ kind: 'lead', id: input.leadId } as const)
      : null;
  const outcome = await (
    entity
      ? entityRender(db, companyId, entity.kind, entity.id, template, input.language)
      : sampleRender(db, companyId, template, input.language)
  ).catch((err: unknown) => {
    throw err instanceof RenderPoolBusyError ? renderersBusy() : err;
  });
  if (!outcome.ok) throw templateOverLimit(outcome);
  return outcome.rendered;
}

type PreviewTemplate = Parameters<typeof chooseTemplateText>[0];

async function sampleRender(
  db: Pool,
  companyId: string,
  template: PreviewTemplate,
  language: string | undefined,
): Promise<RenderOutcome> {
  const data = sampleTemplateData();
  // The company's own locale, so dates look in the preview as they will in real messages.
  const { locale } = await getSettings(db, companyId);
  const choice = chooseTemplateText(template, language, locale);
  return renderBounded(choice.source, data, {
    timezone: data.location!.timezone,
    locale: choice.locale,
    scope: 'any',
  });
}

async function entityRender(
  db: Pool,
  companyId: string,
  entity: EntityKind,
  id: string,
  template: PreviewTemplate,
  language: string | undefined,
): Promise<RenderOutcome> {
  const ctx = await loadEntity(db, companyId, entity, id);
  if (!ctx) throw notFound(entity);
  const m = await loadMessageContext(db, companyId, ctx);
  return renderMessage(template, ctx, m, 'any', language ?? m.client.language);
}
