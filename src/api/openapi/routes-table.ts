import type { z } from 'zod';
import { entityListQuerySchema, feedQuerySchema } from '../schemas/orders';
import { clientListQuerySchema } from '../schemas/clients';
import { listQuerySchema } from '../schemas/common';
import { deliveriesQuerySchema, outboxQuerySchema } from '../schemas/deliveries';
import { ruleListQuerySchema } from '../schemas/rules';
import { statusListQuerySchema } from '../schemas/statuses';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ApiRoute {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  auth: 'apiKey' | 'admin' | 'none' | 'provider';
  /** Name of the request body schema in components.schemas. */
  body?: string;
  /** The zod schema the route parses its query string with. */
  query?: z.ZodObject;
  status?: number;
  /** What the success response carries; clients read it to know the shape without running the API. */
  returns?: string;
  /** JSON pointer to the created resource's id in a 201 answer (links to its operations). */
  createdId?: string;
}

const r = (
  method: HttpMethod,
  path: string,
  tag: string,
  summary: string,
  extra: Partial<ApiRoute> = {},
): ApiRoute => ({ method, path, tag, summary, auth: 'apiKey', ...extra });

const created = (body: string, returns: string): Partial<ApiRoute> => ({ body, status: 201, returns });
const list = (query: z.ZodObject, returns = '{items, nextCursor}'): Partial<ApiRoute> => ({ query, returns });

/**
 * Every public route: the OpenAPI document is generated from this table and the zod schemas, and a method
 * a listed path does not have answers 405 with an `Allow` header.
 */
export const apiRoutes: ApiRoute[] = [
  r('get', '/health', 'ops', 'API, database and Temporal health, and the relay backlog', { auth: 'none' }),
  r('get', '/metrics', 'ops', 'Prometheus metrics (operator token)', { auth: 'admin' }),
  r('get', '/openapi.json', 'ops', 'This document', { auth: 'none' }),
  r('post', '/admin/companies', 'admin', 'Create a company and its first API key', {
    auth: 'admin',
    ...created('CompanyCreate', '{company: {id, name}, apiKey}'),
    createdId: '/company/id',
  }),
  r(
    'post',
    '/admin/companies/{id}/api-keys',
    'admin',
    'Issue an API key of a company (the secret is shown once)',
    {
      auth: 'admin',
      ...created('ApiKeyCreate', '{id, label, prefix, createdAt, lastUsedAt, apiKey}'),
    },
  ),
  r('get', '/admin/companies/{id}/api-keys', 'admin', "A company's API keys (no secrets)", {
    auth: 'admin',
    ...list(listQuerySchema, '{items: [{id, label, prefix, createdAt, lastUsedAt}], nextCursor}'),
  }),
  r(
    'delete',
    '/admin/companies/{id}/api-keys/{keyId}',
    'admin',
    'Revoke an API key: it answers 401 at once',
    {
      auth: 'admin',
      status: 204,
    },
  ),
  r('put', '/admin/companies/{id}/rate-limit', 'admin', "Set a company's request limit per API key", {
    auth: 'admin',
    body: 'RateLimit',
    returns: '{perSecond, burst, custom}: the limit in force; null in the request puts the default back',
  }),
  r('post', '/v1/api-keys', 'api-keys', 'Issue an API key (the secret is shown once)', {
    ...created('ApiKeyCreate', '{id, label, prefix, createdAt, lastUsedAt, apiKey}'),
  }),
  r('get', '/v1/api-keys', 'api-keys', "The company's API keys (no secrets)", {
    ...list(listQuerySchema, '{items: [{id, label, prefix, createdAt, lastUsedAt}], nextCursor}'),
  }),
  r('delete', '/v1/api-keys/{keyId}', 'api-keys', 'Revoke an API key: it answers 401 at once', {
    status: 204,
  }),
  r('put', '/admin/companies/{id}/senders', 'admin', 'Replace the sender identities a company may use', {
    auth: 'admin',
    body: 'Senders',
    returns: '{sms, email}: the assigned senders; settings naming a sender no longer assigned become null',
  }),
  r('get', '/admin/companies/{id}/senders', 'admin', 'The sender identities assigned to a company', {
    auth: 'admin',
    returns: '{sms, email}',
  }),
  r('get', '/admin/relay/parked', 'admin', 'Events the relay parked after its last attempt (oldest 100)', {
    auth: 'admin',
  }),
  r(
    'post',
    '/admin/relay/parked/retry',
    'admin',
    'Retry parked events (all, or `eventIds`); answers {retried}',
    {
      auth: 'admin',
      body: 'ParkedRetry',
    },
  ),
  r('get', '/v1/settings', 'settings', 'Company settings'),
  r('patch', '/v1/settings', 'settings', 'Change company settings', {
    body: 'SettingsPatch',
    returns:
      'The settings; smsSenderId/emailFromAddress outside the assigned senders are 422 sender_not_allowed',
  }),
  r('post', '/v1/locations', 'locations', 'Create a location', created('LocationCreate', 'The location')),
  r('get', '/v1/locations', 'locations', 'List locations', list(listQuerySchema)),
  r('get', '/v1/locations/{id}', 'locations', 'Get a location'),
  r('patch', '/v1/locations/{id}', 'locations', 'Change a location', { body: 'LocationPatch' }),
  r('delete', '/v1/locations/{id}', 'locations', 'Delete a location without orders', { status: 204 }),
  r(
    'post',
    '/v1/statuses',
    'statuses',
    'Create an order or lead status',
    created('StatusCreate', 'The status'),
  ),
  r('get', '/v1/statuses', 'statuses', 'List statuses', list(statusListQuerySchema)),
  r('get', '/v1/statuses/{id}', 'statuses', 'Get a status'),
  r('patch', '/v1/statuses/{id}', 'statuses', 'Rename a status or change whether it is final', {
    body: 'StatusPatch',
  }),
  r('delete', '/v1/statuses/{id}', 'statuses', 'Delete an unused status', { status: 204 }),
  r(
    'post',
    '/v1/clients',
    'clients',
    'Create a client (consent defaults apply)',
    created('ClientCreate', 'The client'),
  ),
  r(
    'get',
    '/v1/clients',
    'clients',
    'List clients, optionally by phone or email',
    list(clientListQuerySchema),
  ),
  r('get', '/v1/clients/{id}', 'clients', 'Get a client'),
  r('patch', '/v1/clients/{id}', 'clients', 'Change contacts, name, language or consent', {
    body: 'ClientPatch',
  }),
  r('get', '/v1/clients/{id}/consent-history', 'clients', 'Every consent change, oldest first', {
    ...list(feedQuerySchema, '{items: [{channel, granted, source, at}], nextCursor}'),
  }),
  r('get', '/v1/clients/{id}/diagnostics', 'clients', "Why doesn't my client get notifications?", {
    returns:
      '{clientId, channels: [{channel, canReceive, reasons, warnings}], duplicates (at most 100), duplicatesTruncated}',
  }),
  r(
    'post',
    '/v1/templates',
    'templates',
    'Create a template (422 with line/column/variable if invalid, details.limit if a trial render is over a limit)',
    created('TemplateCreate', 'The template'),
  ),
  r('get', '/v1/templates', 'templates', 'List templates', list(listQuerySchema)),
  r('post', '/v1/templates/preview', 'templates', 'Render a template with sample data or an order/lead', {
    body: 'TemplatePreview',
  }),
  r('get', '/v1/templates/{id}', 'templates', 'Get a template'),
  r('patch', '/v1/templates/{id}', 'templates', 'Change a template (checked as a create is)', {
    body: 'TemplatePatch',
  }),
  r('delete', '/v1/templates/{id}', 'templates', 'Delete a template no rule uses', { status: 204 }),
  r('post', '/v1/notification-rules', 'rules', 'Create a notification or reminder rule', {
    ...created('RuleCreate', 'The rule'),
  }),
  r('get', '/v1/notification-rules', 'rules', 'List rules', list(ruleListQuerySchema)),
  r('post', '/v1/notification-rules/bulk', 'rules', 'All-or-nothing bulk action on rules', {
    body: 'RuleBulk',
    returns: '{affected, rules}',
  }),
  r('get', '/v1/notification-rules/{id}', 'rules', 'Get a rule'),
  r('patch', '/v1/notification-rules/{id}', 'rules', 'Change or enable/disable a rule', {
    body: 'RulePatch',
  }),
  r('delete', '/v1/notification-rules/{id}', 'rules', 'Delete a rule', { status: 204 }),
  r('post', '/v1/orders', 'orders', 'Create an order (its workflow starts with the order.created event)', {
    ...created('OrderCreate', 'The order {id, number, clientId, locationId, statusId, dueDate, createdAt}'),
  }),
  r(
    'get',
    '/v1/orders',
    'orders',
    'List orders, oldest first',
    list(entityListQuerySchema, '{items: [order], nextCursor}'),
  ),
  r('get', '/v1/orders/{id}', 'orders', 'Get an order and the sends its workflow still plans', {
    returns:
      'The order plus `pending`: [{kind, ruleId, channel, scheduledFor, deferred}], or null when Temporal cannot be asked',
  }),
  r('patch', '/v1/orders/{id}', 'orders', 'Change the status or due date (null clears it)', {
    body: 'OrderPatch',
    returns: 'The changed order',
  }),
  r(
    'post',
    '/v1/orders/simulate',
    'orders',
    'What creating this order would send, skip and cancel (nothing stored)',
    {
      body: 'OrderCreate',
    },
  ),
  r(
    'post',
    '/v1/orders/{id}/simulate',
    'orders',
    'What this change would send, skip and cancel (nothing stored)',
    {
      body: 'OrderPatch',
      returns: '{sends, skipped, cancelled}; 503 engine_unavailable when the workflow cannot be asked',
    },
  ),
  r('get', '/v1/orders/{id}/feed', 'orders', "The order's history, oldest first", {
    ...list(
      feedQuerySchema,
      '{entries: [{id, at, type, ruleId, channel, scheduledFor, reason, deliveryId, to}], nextCursor}',
    ),
  }),
  r('post', '/v1/leads', 'leads', 'Create a lead (its workflow starts with the lead.created event)', {
    ...created('LeadCreate', 'The lead {id, number, clientId, statusId, createdAt}'),
  }),
  r(
    'get',
    '/v1/leads',
    'leads',
    'List leads, oldest first',
    list(entityListQuerySchema, '{items: [lead], nextCursor}'),
  ),
  r('get', '/v1/leads/{id}', 'leads', 'Get a lead and the sends its workflow still plans', {
    returns:
      'The lead plus `pending`: [{kind, ruleId, channel, scheduledFor, deferred}], or null when Temporal cannot be asked',
  }),
  r('patch', '/v1/leads/{id}', 'leads', 'Change the status', {
    body: 'LeadPatch',
    returns: 'The changed lead',
  }),
  r('post', '/v1/leads/{id}/simulate', 'leads', 'What this status change would send, skip and cancel', {
    body: 'LeadSimulate',
    returns: '{sends, skipped, cancelled}; nothing is stored, sent or signalled',
  }),
  r('get', '/v1/leads/{id}/feed', 'leads', "The lead's history, oldest first", {
    ...list(
      feedQuerySchema,
      '{entries: [{id, at, type, ruleId, channel, scheduledFor, reason, deliveryId, to}], nextCursor}',
    ),
  }),
  r('get', '/v1/deliveries', 'deliveries', 'Every recorded send, filtered by order, lead or client', {
    ...list(
      deliveriesQuerySchema,
      '{items: [{id, kind, entity, entityId, orderId, leadId, clientId, ruleId, channel, to, subject, body, status, provider, providerMessageId, errorCode, errorMessage, createdAt, updatedAt}], nextCursor}',
    ),
  }),
  r('get', '/v1/outbox', 'deliveries', 'The dev outbox: what would have gone to providers, oldest first', {
    ...list(
      outboxQuerySchema,
      '{messages: [{id, channel, to, subject, body, orderId, leadId, clientId, ruleId, deliveryId, createdAt}], nextCursor}',
    ),
  }),
  r(
    'post',
    '/v1/demo',
    'demo',
    'Create demo data: a location, statuses, templates, rules, a client and an order',
    {
      status: 201,
      returns: '{location, statuses, templates, rules, client, order}',
    },
  ),
  r(
    'get',
    '/v1/console-config',
    'console',
    'What the web console needs: the company id and the Temporal Web UI URL',
  ),
  r('post', '/webhooks/twilio/status', 'webhooks', 'Twilio message status callback (X-Twilio-Signature)', {
    auth: 'provider',
  }),
  r('post', '/webhooks/twilio/inbound', 'webhooks', 'Twilio inbound SMS/WhatsApp (STOP revokes consent)', {
    auth: 'provider',
  }),
  r('post', '/webhooks/postmark', 'webhooks', 'Postmark Delivery/Bounce/SpamComplaint webhook (HTTP Basic)', {
    auth: 'provider',
  }),
];
