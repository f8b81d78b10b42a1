/**
 * The shapes the API answers with, for the OpenAPI document (and through it the console's generated
 * client). Only documentation: routes build their answers from the repositories' own types.
 */
import { z } from 'zod';
import { CHANNELS, DURATION_UNITS, LEAD_TRIGGERS, ORDER_TRIGGERS, WEEKDAYS } from '../../domain/types';

const id = z.string();
const instant = z.string().describe('ISO-8601 UTC');
const channel = z.enum(CHANNELS);
const entity = z.enum(['order', 'lead']);
const duration = z.object({ value: z.number().int(), unit: z.enum(DURATION_UNITS) });
const list = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const Settings = z.object({
  phoneConsentByDefault: z.boolean(),
  emailConsentByDefault: z.boolean(),
  preventDuplicateClients: z.boolean(),
  defaultCountry: z.string().nullable(),
  locale: z.string(),
  smsSenderId: z.string().nullable(),
  emailFromName: z.string().nullable(),
  emailFromAddress: z.string().nullable(),
  maxMessagesPerClientPerDay: z
    .number()
    .int()
    .nullable()
    .describe('At most this many messages per client in a rolling 24 hours; null: no cap'),
});
const Interval = z.object({ from: z.string(), to: z.string() });
const Location = z.object({
  id,
  name: z.string(),
  timezone: z.string(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  workingHours: z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(Interval)]))),
  createdAt: instant,
});
const Status = z.object({ id, entity, name: z.string(), final: z.boolean() });
const Consent = z.object(Object.fromEntries(CHANNELS.map((c) => [c, z.boolean()])));
const Client = z.object({
  id,
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  consent: Consent,
  language: z.string().nullable().describe('BCP 47, canonical; null uses the company locale'),
  createdAt: instant,
});
const ConsentHistory = z.object({
  items: z.array(
    z.object({
      channel,
      granted: z.boolean(),
      source: z.enum(['default', 'request', 'manual', 'inbound_stop', 'bounce']),
      at: instant,
    }),
  ),
  nextCursor: z.string().nullable(),
});
const Diagnostics = z.object({
  clientId: id,
  channels: z.array(
    z.object({
      channel,
      canReceive: z.boolean(),
      reasons: z.array(z.enum(['no_consent', 'no_contact', 'suppressed'])),
      warnings: z.array(z.literal('duplicate_profiles')),
      duplicateClientIds: z.array(id),
    }),
  ),
  duplicates: z
    .array(z.object({ clientId: id, field: z.enum(['phone', 'email']) }))
    .describe('At most 100; duplicatesTruncated says there are more'),
  duplicatesTruncated: z.boolean(),
});
const TemplateText = z.object({ subject: z.string().nullable(), body: z.string() });
const Template = z.object({
  id,
  name: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  translations: z.record(z.string(), TemplateText).describe('BCP 47 language → its text'),
});
const RenderedTemplate = z.object({ subject: z.string().nullable(), body: z.string() });
const Rule = z.object({
  id,
  entity,
  kind: z.enum(['notification', 'reminder']),
  locationId: id.nullable(),
  trigger: z
    .object({ type: z.enum([...ORDER_TRIGGERS, ...LEAD_TRIGGERS]), statusId: id.nullable() })
    .nullable(),
  channel,
  templateId: id,
  delay: duration.nullable(),
  workingHoursOnly: z.boolean(),
  remindBefore: duration.nullable(),
  enabled: z.boolean(),
  fallback: z
    .object({ channel, after: duration })
    .nullable()
    .describe(
      'The same message on another channel when this one is skipped, fails or is not delivered in time',
    ),
  debounce: duration
    .nullable()
    .describe('Status rules: hold the send this long; a newer event supersedes it'),
});
const RuleBulkResult = z.object({ affected: z.number().int(), rules: z.array(Rule) });
const PendingSend = z.object({
  kind: z.enum(['notification', 'reminder']),
  ruleId: id,
  channel,
  scheduledFor: instant,
  deferred: z.boolean(),
  fallbackOf: id.nullable().optional().describe('Fallbacks only: the delivery it stands in for'),
});
const orderFields = {
  id,
  number: z.string(),
  clientId: id,
  locationId: id,
  statusId: id,
  dueDate: instant.nullable(),
  createdAt: instant,
};
const leadFields = { id, number: z.string(), clientId: id, statusId: id, createdAt: instant };
const Order = z.object(orderFields);
const Lead = z.object(leadFields);
const pending = z.array(PendingSend).nullable().describe('null when Temporal cannot be asked right now');
const OrderWithPending = z.object({ ...orderFields, pending });
const LeadWithPending = z.object({ ...leadFields, pending });
const Feed = z.object({
  entries: z.array(
    z
      .looseObject({
        id,
        at: instant,
        type: z.string(),
        ruleId: id.nullable(),
        channel: channel.nullable(),
        scheduledFor: instant.nullable(),
        reason: z.string().nullable(),
        deliveryId: id.nullable(),
        to: z.string().nullable(),
        statusId: id.nullable().optional(),
        previousStatusId: id.nullable().optional(),
        dueDate: instant.nullable().optional(),
        previousDueDate: instant.nullable().optional(),
        fallbackOf: id
          .nullable()
          .optional()
          .describe("A fallback's entries: the primary's delivery id, null when the primary had none"),
      })
      .describe('Further fields describe the entry (e.g. previousScheduledFor, outcome)'),
  ),
  nextCursor: z.string().nullable(),
});
const Outbox = z.object({
  messages: z.array(
    z.object({
      id,
      channel,
      to: z.string(),
      subject: z.string().nullable(),
      body: z.string(),
      orderId: id.nullable(),
      leadId: id.nullable(),
      clientId: id.nullable(),
      ruleId: id.nullable(),
      deliveryId: id.nullable(),
      createdAt: instant,
    }),
  ),
  nextCursor: z.string().nullable(),
});

const Demo = z.object({
  location: Location,
  statuses: z.array(Status),
  templates: z.array(Template),
  rules: z.array(Rule),
  client: Client,
  order: Order,
});
const ApiKey = z.object({
  id,
  label: z.string().nullable(),
  prefix: z.string().describe('The first characters of the key, to recognise it'),
  createdAt: instant,
  lastUsedAt: instant.nullable().describe('To the minute'),
});
const IssuedApiKey = z.object({
  ...ApiKey.shape,
  apiKey: z.string().describe('The secret, shown only here'),
});
const CreatedCompany = z.object({ company: z.object({ id, name: z.string() }), apiKey: z.string() });
const RateLimitInForce = z.object({
  perSecond: z.number().int(),
  burst: z.number().int(),
  custom: z.boolean().describe('false: the configured default applies'),
});
const sendKind = z.enum(['notification', 'reminder']);
const Simulation = z.object({
  sends: z.array(
    z.object({
      kind: sendKind,
      ruleId: id,
      channel,
      to: z.string(),
      scheduledFor: instant,
      localTime: z.string().describe("scheduledFor in the location's zone (UTC for leads), with its offset"),
      deferred: z.boolean().describe('working hours moved it'),
      subject: z.string().nullable(),
      body: z.string(),
      fallbackOf: z
        .null()
        .optional()
        .describe("A skipped primary's fallback (SPEC 9): it goes at once, standing in for no delivery"),
    }),
  ),
  skipped: z.array(z.object({ ruleId: id, channel, reason: z.string() })),
  cancelled: z.array(z.object({ ruleId: id, kind: sendKind, scheduledFor: instant, reason: z.string() })),
});
const ConsoleConfig = z.object({
  companyId: id,
  temporalUiUrl: z.string().nullable(),
  temporalNamespace: z.string(),
});

export const responseSchemas: Record<string, z.ZodType> = {
  Settings,
  Location,
  LocationList: list(Location),
  Status,
  StatusList: list(Status),
  Client,
  ClientList: list(Client),
  ConsentHistory,
  Diagnostics,
  Template,
  TemplateList: list(Template),
  RenderedTemplate,
  Rule,
  RuleList: list(Rule),
  RuleBulkResult,
  Order,
  OrderList: list(Order),
  OrderWithPending,
  Lead,
  LeadList: list(Lead),
  LeadWithPending,
  Feed,
  Outbox,
  Demo,
  ApiKeyList: list(ApiKey),
  IssuedApiKey,
  CreatedCompany,
  RateLimitInForce,
  Simulation,
  ConsoleConfig,
};

/** The success answer of each route (`method path` → schema name); routes not named answer no body. */
export const routeResponses: Record<string, keyof typeof responseSchemas> = {
  'post /admin/companies': 'CreatedCompany',
  'post /admin/companies/{id}/api-keys': 'IssuedApiKey',
  'get /admin/companies/{id}/api-keys': 'ApiKeyList',
  'put /admin/companies/{id}/rate-limit': 'RateLimitInForce',
  'post /v1/api-keys': 'IssuedApiKey',
  'get /v1/api-keys': 'ApiKeyList',
  'get /v1/settings': 'Settings',
  'patch /v1/settings': 'Settings',
  'post /v1/locations': 'Location',
  'get /v1/locations': 'LocationList',
  'get /v1/locations/{id}': 'Location',
  'patch /v1/locations/{id}': 'Location',
  'post /v1/statuses': 'Status',
  'get /v1/statuses': 'StatusList',
  'get /v1/statuses/{id}': 'Status',
  'patch /v1/statuses/{id}': 'Status',
  'post /v1/clients': 'Client',
  'get /v1/clients': 'ClientList',
  'get /v1/clients/{id}': 'Client',
  'patch /v1/clients/{id}': 'Client',
  'get /v1/clients/{id}/consent-history': 'ConsentHistory',
  'get /v1/clients/{id}/diagnostics': 'Diagnostics',
  'post /v1/templates': 'Template',
  'get /v1/templates': 'TemplateList',
  'post /v1/templates/preview': 'RenderedTemplate',
  'get /v1/templates/{id}': 'Template',
  'patch /v1/templates/{id}': 'Template',
  'post /v1/notification-rules': 'Rule',
  'get /v1/notification-rules': 'RuleList',
  'post /v1/notification-rules/bulk': 'RuleBulkResult',
  'get /v1/notification-rules/{id}': 'Rule',
  'patch /v1/notification-rules/{id}': 'Rule',
  'post /v1/orders': 'Order',
  'get /v1/orders': 'OrderList',
  'get /v1/orders/{id}': 'OrderWithPending',
  'patch /v1/orders/{id}': 'Order',
  'get /v1/orders/{id}/feed': 'Feed',
  'post /v1/leads': 'Lead',
  'get /v1/leads': 'LeadList',
  'get /v1/leads/{id}': 'LeadWithPending',
  'patch /v1/leads/{id}': 'Lead',
  'get /v1/leads/{id}/feed': 'Feed',
  'post /v1/orders/simulate': 'Simulation',
  'post /v1/orders/{id}/simulate': 'Simulation',
  'post /v1/leads/{id}/simulate': 'Simulation',
  'get /v1/outbox': 'Outbox',
  'post /v1/demo': 'Demo',
  'get /v1/console-config': 'ConsoleConfig',
};
