import { z } from 'zod';
import { LEAD_TRIGGERS, ORDER_TRIGGERS } from '../../domain/types';
import { channelSchema, durationSchema, entitySchema, pageQuery } from './common';

export const ruleKindSchema = z.enum(['notification', 'reminder']);

// Every trigger type is accepted here; whether it fits the rule's entity is a rule-level check (422 on
// trigger.type) so that the message can say why, not just list the allowed values.
const triggerSchema = z.strictObject({
  type: z.enum([...ORDER_TRIGGERS, ...LEAD_TRIGGERS]),
  statusId: z.uuid().nullable().optional(),
});

const fallbackSchema = z.strictObject({ channel: channelSchema, after: durationSchema });

// Options that do not apply to a rule may be absent, null or false (SPEC 5), hence nullable everywhere.
const ruleFields = {
  locationId: z.uuid().nullable().optional(),
  trigger: triggerSchema.nullable().optional(),
  channel: channelSchema,
  templateId: z.uuid(),
  delay: durationSchema.nullable().optional(),
  workingHoursOnly: z.boolean().nullable().optional(),
  remindBefore: durationSchema.nullable().optional(),
  enabled: z.boolean().optional(),
  fallback: fallbackSchema.nullable().optional(),
  debounce: durationSchema.nullable().optional(),
};

export const ruleCreateSchema = z.strictObject({ entity: entitySchema, kind: ruleKindSchema, ...ruleFields });
export const rulePatchSchema = z.strictObject({
  ...ruleFields,
  entity: entitySchema.optional(),
  kind: ruleKindSchema.optional(),
  channel: channelSchema.optional(),
  templateId: z.uuid().optional(),
});
export const ruleListQuerySchema = z.object({
  ...pageQuery(),
  entity: entitySchema.optional(),
  locationId: z.uuid().optional(),
});

export const BULK_ACTIONS = ['delete', 'set_template', 'set_channel', 'copy_to_all_locations'] as const;
export const MAX_BULK_RULES = 500;
/** The most rules one copy_to_all_locations may create (rules × locations without a copy yet). */
export const MAX_BULK_COPIES = 500;

export const ruleBulkSchema = z
  .strictObject({
    action: z.enum(BULK_ACTIONS),
    ruleIds: z.array(z.uuid()).min(1).max(MAX_BULK_RULES),
    templateId: z.uuid().nullable().optional(),
    channel: channelSchema.nullable().optional(),
  })
  .superRefine((b, ctx) => {
    // Required where the action uses it; refused where it would silently do nothing (a client bug).
    const needs = { templateId: b.action === 'set_template', channel: b.action === 'set_channel' };
    for (const field of ['templateId', 'channel'] as const) {
      const given = b[field] !== undefined && b[field] !== null;
      if (needs[field] && !given) {
        ctx.addIssue({ code: 'custom', path: [field], message: `required for action ${b.action}` });
      } else if (!needs[field] && given) {
        ctx.addIssue({ code: 'custom', path: [field], message: `does not apply to action ${b.action}` });
      }
    }
  });

export type RuleCreateInput = z.output<typeof ruleCreateSchema>;
export type RulePatchInput = z.output<typeof rulePatchSchema>;
export type RuleBulkInput = z.output<typeof ruleBulkSchema>;
