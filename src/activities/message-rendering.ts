/**
 * How a message is checked and rendered for its recipient: shared by the send activity, simulate and the
 * template preview, so what they show cannot drift from what is sent.
 */
import type { Pool } from 'pg';
import { sendDecision } from '../domain/consent';
import { chooseTemplateText } from '../domain/language';
import type { LimitScope } from '../domain/message-limits';
import type { TemplateData } from '../domain/templates';
import type { Channel } from '../domain/types';
import { isSuppressed } from '../db/repositories/clients-repository';
import { renderBounded, type RenderOutcome } from '../templates/render-pool';
import type { EntityContext, loadMessageContext } from './entity-context';

export type MessageContext = Awaited<ReturnType<typeof loadMessageContext>>;

/** What a template sees of the entity, its client, location and company. */
export function templateData(ctx: EntityContext, m: MessageContext): TemplateData {
  const statusName = m.status?.name ?? '';
  return {
    client: { name: m.client.name, phone: m.client.phone, email: m.client.email },
    company: { name: m.company.name },
    location: ctx.location
      ? {
          name: ctx.location.name,
          address: ctx.location.address,
          phone: ctx.location.phone,
          timezone: ctx.location.timezone,
        }
      : null,
    order: ctx.order ? { number: ctx.order.number, status: statusName, dueDate: ctx.order.dueDate } : null,
    lead: ctx.lead ? { number: ctx.lead.number, status: statusName } : null,
  };
}

/** Consent, contact and suppression for the channel, as they are now. */
export async function recipientDecision(db: Pool, companyId: string, channel: Channel, m: MessageContext) {
  const contact = channel === 'email' ? m.client.email : m.client.phone;
  return sendDecision({
    channel,
    client: m.client,
    suppressed: contact ? await isSuppressed(db, companyId, channel, contact) : false,
  });
}

/**
 * The template rendered for this client: in the client's language when the template has it (dates in that
 * language too), else the main text in the company's locale; leads, which have no location, in UTC.
 * `scope` is the channel the message goes out on (its limits apply), or `any`.
 */
export async function renderMessage(
  template: Parameters<typeof chooseTemplateText>[0],
  ctx: EntityContext,
  m: MessageContext,
  scope: LimitScope,
  language: string | null = m.client.language,
): Promise<RenderOutcome> {
  const choice = chooseTemplateText(template, language, m.settings.locale);
  return renderBounded(choice.source, templateData(ctx, m), {
    locale: choice.locale,
    timezone: ctx.location?.timezone ?? 'UTC',
    scope,
  });
}

/** An email needs a subject line: a template without one falls back to its name. */
export function emailSubject(channel: Channel, subject: string | null, templateName: string): string | null {
  return channel === 'email' ? subject || templateName : null;
}
