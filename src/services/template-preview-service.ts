import type { Pool } from 'pg';
import {
  sampleTemplateData,
  type RenderedTemplate,
  type TemplateData,
  type TemplateSource,
} from '../domain/templates';
import type { EntityKind } from '../domain/types';
import { loadEntity, loadMessageContext } from '../activities/entity-context';
import { getSettings } from '../db/repositories/settings-repository';
import { notFound } from '../errors/app-error';
import { renderBounded, RenderPoolBusyError } from '../templates/render-pool';
import { assertValidTemplate, renderersBusy, templateOverLimit } from './template-validation';

export interface PreviewInput {
  subject?: string | null;
  body: string;
  orderId?: string;
  leadId?: string;
}

/**
 * Renders an unsaved template the way it would be sent: with a real order's or lead's current data
 * (loaded by the same code the send activity uses, so the preview cannot drift from the message), or
 * with sample data when none is named. Refused like a save (422) when the template would not save, and
 * (422, `details.limit`) when this render is over a limit; it runs on the render pool, off the event loop.
 */
export async function previewTemplate(
  db: Pool,
  companyId: string,
  input: PreviewInput,
): Promise<RenderedTemplate> {
  const source: TemplateSource = { subject: input.subject ?? null, body: input.body };
  assertValidTemplate(source);
  const { data, timezone, locale } = input.orderId
    ? await entityData(db, companyId, 'order', input.orderId)
    : input.leadId
      ? await entityData(db, companyId, 'lead', input.leadId)
      : await sampleData(db, companyId);
  const outcome = await renderBounded(source, data, { timezone, locale, scope: 'any' }).catch(
    (err: unknown) => {
      throw err instanceof RenderPoolBusyError ? renderersBusy() : err;
    },
  );
  if (!outcome.ok) throw templateOverLimit(outcome);
  return outcome.rendered;
}

async function sampleData(db: Pool, companyId: string) {
  const data = sampleTemplateData();
  // The company's own locale, so dates look in the preview as they will in real messages.
  const { locale } = await getSettings(db, companyId);
  return { data, timezone: data.location!.timezone, locale };
}

async function entityData(db: Pool, companyId: string, entity: EntityKind, id: string) {
  const ctx = await loadEntity(db, companyId, entity, id);
  if (!ctx) throw notFound(entity);
  const m = await loadMessageContext(db, companyId, ctx);
  const status = m.status?.name ?? '';
  const location = ctx.location;
  const data: TemplateData = {
    client: { name: m.client.name, phone: m.client.phone, email: m.client.email },
    company: { name: m.company.name },
    location: location
      ? { name: location.name, address: location.address, phone: location.phone, timezone: location.timezone }
      : null,
    order: ctx.order ? { number: ctx.order.number, status, dueDate: ctx.order.dueDate } : null,
    lead: ctx.lead ? { number: ctx.lead.number, status } : null,
  };
  // Leads have no location; UTC matches what the send activity uses for them.
  return { data, timezone: location?.timezone ?? 'UTC', locale: m.settings.locale };
}
