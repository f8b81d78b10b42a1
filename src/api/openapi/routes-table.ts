export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  auth: 'apiKey' | 'admin' | 'none' | 'provider';
  body?: string;
  query?: string[];
  status?: number;
  /** What the success response carries; clients read it to know the shape without running the API. */
  returns?: string;
}

const r = (
  method: ApiRoute['method'],
  path: string,
  tag: string,
  summary: string,
  extra: Partial<ApiRoute> = {},
): ApiRoute => ({ method, path, tag, summary, auth: 'apiKey', ...extra });

/** Every public route; the OpenAPI document is generated from this table and the zod schemas. */
export const apiRoutes: ApiRoute[] = [
  r('get', '/health', 'ops', 'API, database and Temporal health, and the relay backlog', { auth: 'none' }),
  r('get', '/metrics', 'ops', 'Prometheus metrics (operator token)', { auth: 'admin' }),
  r('post', '/admin/companies', 'admin', 'Create a company and its first API key', {
    auth: 'admin',
    body: 'CompanyCreate',
    status: 201,
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
  r('post', '/v1/locations', 'locations', 'Create a location', { body: 'LocationCreate', status: 201 }),
  r('get', '/v1/locations', 'locations', 'List locations', { query: ['cursor'] }),
  r('get', '/v1/locations/{id}', 'locations', 'Get a location'),
  r('patch', '/v1/locations/{id}', 'locations', 'Change a location', { body: 'LocationPatch' }),
  r('delete', '/v1/locations/{id}', 'locations', 'Delete a location without orders', { status: 204 }),
  r('post', '/v1/statuses', 'statuses', 'Create an order or lead status', {
    body: 'StatusCreate',
    status: 201,
  }),
  r('get', '/v1/statuses', 'statuses', 'List statuses', { query: ['entity', 'cursor'] }),
  r('get', '/v1/statuses/{id}', 'statuses', 'Get a status'),
  r('patch', '/v1/statuses/{id}', 'statuses', 'Rename a status or change whether it is final', {
    body: 'StatusPatch',
  }),
  r('delete', '/v1/statuses/{id}', 'statuses', 'Delete an unused status', { status: 204 }),
  r('post', '/v1/clients', 'clients', 'Create a client (consent defaults apply)', {
    body: 'ClientCreate',
    status: 201,
  }),
  r('get', '/v1/clients', 'clients', 'List clients', { query: ['cursor', 'phone', 'email'] }),
  r('get', '/v1/clients/{id}', 'clients', 'Get a client'),
  r('patch', '/v1/clients/{id}', 'clients', 'Change contacts, name, language or consent', {
    body: 'ClientPatch',
  }),
  r('get', '/v1/clients/{id}/consent-history', 'clients', 'Every consent change, oldest first'),
  r('get', '/v1/clients/{id}/diagnostics', 'clients', "Why doesn't my client get notifications?"),
  r(
    'post',
    '/v1/templates',
    'templates',
    'Create a template (422 with line/column/variable if invalid, details.limit if a trial render is over a limit)',
    {
      body: 'TemplateCreate',
      status: 201,
    },
  ),
  r('get', '/v1/templates', 'templates', 'List templates', { query: ['cursor'] }),
  r('post', '/v1/templates/preview', 'templates', 'Render a template with sample data or an order/lead', {
    body: 'TemplatePreview',
  }),
  r('get', '/v1/templates/{id}', 'templates', 'Get a template'),
  r('patch', '/v1/templates/{id}', 'templates', 'Change a template (checked as a create is)', {
    body: 'TemplatePatch',
  }),
  r('delete', '/v1/templates/{id}', 'templates', 'Delete a template no rule uses', { status: 204 }),
  r('post', '/v1/notification-rules', 'rules', 'Create a notification or reminder rule', {
    body: 'RuleCreate',
    status: 201,
  }),
  r('get', '/v1/notification-rules', 'rules', 'List rules', { query: ['entity', 'locationId', 'cursor'] }),
  r('post', '/v1/notification-rules/bulk', 'rules', 'All-or-nothing bulk action on rules', {
    body: 'RuleBulk',
  }),
  r('get', '/v1/notification-rules/{id}', 'rules', 'Get a rule'),
  r('patch', '/v1/notification-rules/{id}', 'rules', 'Change or enable/disable a rule', {
    body: 'RulePatch',
  }),
  r('delete', '/v1/notification-rules/{id}', 'rules', 'Delete a rule', { status: 204 }),
  r('post', '/v1/orders', 'orders', 'Create an order (its workflow starts with the order.created event)', {
    body: 'OrderCreate',
    status: 201,
    returns: 'The order {id, number, clientId, locationId, statusId, dueDate, createdAt}',
  }),
  r('get', '/v1/orders', 'orders', 'List orders, oldest first', {
    query: ['cursor'],
    returns: '{items: [order], nextCursor}',
  }),
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
    returns: '{entries: [{id, at, type, ruleId, channel, scheduledFor, reason, deliveryId, to}]}',
  }),
  r('post', '/v1/leads', 'leads', 'Create a lead (its workflow starts with the lead.created event)', {
    body: 'LeadCreate',
    status: 201,
    returns: 'The lead {id, number, clientId, statusId, createdAt}',
  }),
  r('get', '/v1/leads', 'leads', 'List leads, oldest first', {
    query: ['cursor'],
    returns: '{items: [lead], nextCursor}',
  }),
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
    returns: '{entries: [{id, at, type, ruleId, channel, scheduledFor, reason, deliveryId, to}]}',
  }),
  r('get', '/v1/deliveries', 'deliveries', 'Every recorded send, filtered by order, lead or client', {
    query: ['orderId', 'leadId', 'clientId', 'cursor'],
    returns:
      '{items: [{id, kind, entity, entityId, orderId, leadId, clientId, ruleId, channel, to, subject, body, status, provider, providerMessageId, errorCode, errorMessage, createdAt, updatedAt}], nextCursor}',
  }),
  // The outbox cursor is a sequence number, not the opaque cursor the other lists use.
  r('get', '/v1/outbox', 'deliveries', 'The dev outbox: what would have gone to providers, oldest first', {
    query: ['orderId', 'leadId', 'clientId', 'cursor'],
    returns:
      '{messages: [{id, channel, to, subject, body, orderId, leadId, clientId, ruleId, deliveryId, createdAt}], nextCursor}',
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
