export interface ApiRoute {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  auth: 'apiKey' | 'admin' | 'none' | 'provider';
  body?: string;
  query?: string[];
  status?: number;
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
  r('get', '/health', 'ops', 'API, database and Temporal health', { auth: 'none' }),
  r('get', '/metrics', 'ops', 'Prometheus metrics', { auth: 'none' }),
  r('post', '/admin/companies', 'admin', 'Create a company and its first API key', {
    auth: 'admin',
    body: 'CompanyCreate',
    status: 201,
  }),
  r('get', '/v1/settings', 'settings', 'Company settings'),
  r('patch', '/v1/settings', 'settings', 'Change company settings', { body: 'SettingsPatch' }),
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
  r('patch', '/v1/clients/{id}', 'clients', 'Change contacts, name or consent', { body: 'ClientPatch' }),
  r('get', '/v1/clients/{id}/consent-history', 'clients', 'Every consent change, oldest first'),
  r('get', '/v1/clients/{id}/diagnostics', 'clients', "Why doesn't my client get notifications?"),
  r('post', '/v1/templates', 'templates', 'Create a template (422 with line/column/variable if invalid)', {
    body: 'TemplateCreate',
    status: 201,
  }),
  r('get', '/v1/templates', 'templates', 'List templates', { query: ['cursor'] }),
  r('post', '/v1/templates/preview', 'templates', 'Render a template with sample data or an order/lead', {
    body: 'TemplatePreview',
  }),
  r('get', '/v1/templates/{id}', 'templates', 'Get a template'),
  r('patch', '/v1/templates/{id}', 'templates', 'Change a template', { body: 'TemplatePatch' }),
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
