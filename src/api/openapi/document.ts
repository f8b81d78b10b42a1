import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../../db/pagination';
import { companyCreateSchema, parkedRetrySchema } from '../routes/admin-router';
import { apiKeyCreateSchema, rateLimitSchema } from '../schemas/api-keys';
import { clientCreateSchema, clientPatchSchema } from '../schemas/clients';
import { locationCreateSchema, locationPatchSchema } from '../schemas/locations';
import {
  leadCreateSchema,
  leadPatchSchema,
  leadSimulateSchema,
  orderCreateSchema,
  orderPatchSchema,
} from '../schemas/orders';
import { MAX_BULK_COPIES, ruleBulkSchema, ruleCreateSchema, rulePatchSchema } from '../schemas/rules';
import { sendersSchema } from '../schemas/senders';
import { settingsPatchSchema } from '../schemas/settings';
import { statusCreateSchema, statusPatchSchema } from '../schemas/statuses';
import { templateCreateSchema, templatePatchSchema, templatePreviewSchema } from '../schemas/templates';
import { documentationOf } from './documented';
import { responseSchemas, routeResponses } from './response-schemas';
import { apiRoutes, type ApiRoute } from './routes-table';

const RULE_RULES =
  'Cross-field rules (422, field path in details): an order rule has a locationId, a lead rule none; a ' +
  'reminder (order rules only) has trigger null and a remindBefore, and no delay or workingHoursOnly; a ' +
  'notification rule has a trigger of its entity (order.* or lead.*) and no remindBefore; ' +
  '`*.status_changed_to` needs trigger.statusId (a status of the same entity), other triggers have none; ' +
  'workingHoursOnly is for order notification rules, on a location that has working hours; ' +
  'fallback.channel differs from the rule’s channel; debounce is for order.status_changed and ' +
  'order.status_changed_to notification rules. Options that do ' +
  'not apply may be absent, null or false. References of another company answer 404.';

/** Each request body, and in words the rules between its fields that a schema cannot state. */
const bodySchemas: Record<string, { schema: z.ZodType; rules?: string }> = {
  CompanyCreate: { schema: companyCreateSchema },
  Senders: { schema: sendersSchema },
  ParkedRetry: { schema: parkedRetrySchema },
  ApiKeyCreate: { schema: apiKeyCreateSchema },
  RateLimit: {
    schema: rateLimitSchema,
    rules:
      'A key may make `burst` requests per window of burst/perSecond seconds; null is the default (50/s, bursts of 100).',
  },
  SettingsPatch: {
    schema: settingsPatchSchema,
    rules:
      'Changing defaults never changes existing clients. smsSenderId and emailFromAddress must be null or ' +
      'among the senders the operator assigned (PUT /admin/companies/{id}/senders), else 422 sender_not_allowed.',
  },
  LocationCreate: { schema: locationCreateSchema },
  LocationPatch: {
    schema: locationPatchSchema,
    rules:
      'Working hours cannot be emptied while enabled workingHoursOnly rules of the location exist (422).',
  },
  StatusCreate: { schema: statusCreateSchema },
  StatusPatch: { schema: statusPatchSchema },
  ClientCreate: {
    schema: clientCreateSchema,
    rules: 'With preventDuplicateClients on, a phone or email of another client answers 409 with its id.',
  },
  ClientPatch: {
    schema: clientPatchSchema,
    rules: 'With preventDuplicateClients on, a phone or email of another client answers 409 with its id.',
  },
  TemplateCreate: {
    schema: templateCreateSchema,
    rules:
      'The body and subject are Liquid templates: a syntax error or an unknown variable is refused (422, details: line, column, variable).',
  },
  TemplatePatch: {
    schema: templatePatchSchema,
    rules:
      'The body and subject are Liquid templates: a syntax error or an unknown variable is refused (422, details: line, column, variable).',
  },
  TemplatePreview: {
    schema: templatePreviewSchema,
    rules:
      'Give orderId or leadId, not both (422 on leadId); a template error is a 422 with line and column.',
  },
  RuleCreate: { schema: ruleCreateSchema, rules: RULE_RULES },
  RulePatch: { schema: rulePatchSchema, rules: `The rule as patched must hold. ${RULE_RULES}` },
  RuleBulk: {
    schema: ruleBulkSchema,
    rules:
      'templateId is required for set_template and channel for set_channel; each is refused for the other actions; ' +
      'set_channel is refused onto a rule’s fallback channel. ' +
      `copy_to_all_locations copies order rules only and creates at most ${MAX_BULK_COPIES} rules (422 too_many_copies). ` +
      'All or nothing: an unknown rule id is a 404 and nothing changes.',
  },
  OrderCreate: { schema: orderCreateSchema },
  OrderPatch: { schema: orderPatchSchema },
  LeadCreate: { schema: leadCreateSchema },
  LeadPatch: { schema: leadPatchSchema },
  LeadSimulate: { schema: leadSimulateSchema },
};

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
};

const errorResponses: Record<string, string> = {
  '400': 'Malformed JSON (code malformed_json)',
  '401': 'No or an unknown API key / operator token (code unauthorized)',
  '404': "Unknown, or another company's (code not_found)",
  '409': 'Conflict, e.g. a duplicate client (details: existingClientId, field) or a resource in use',
  '413': 'Body over 1 MiB (code payload_too_large)',
  '422': 'Validation failed (code validation_failed; details: [{path, message}])',
  '429': 'Over the API key rate limit (code rate_limited; Retry-After and RateLimit-* headers)',
};

/** JSON Schema of what a zod schema accepts, with the documentation of checks written as code. */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: (ctx) => {
      const doc = documentationOf(ctx.zodSchema as unknown as z.ZodType);
      if (!doc) return;
      for (const key of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[key];
      Object.assign(ctx.jsonSchema, doc);
    },
  }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** `get /v1/clients/{id}/consent-history` → `getClientsByIdConsentHistory`. */
export function operationIdOf(route: Pick<ApiRoute, 'method' | 'path'>): string {
  const words = route.path
    .replace(/^\/v1\//, '/')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((w) => (w.startsWith('{') ? `By${w.slice(1, 2).toUpperCase()}${w.slice(2, -1)}` : w))
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return route.method + words.join('');
}

/** A created resource links to the operations on it: every route under `<create path>/{param}`. */
function linksOf(route: ApiRoute) {
  const prefix = `${route.path}/{`;
  const related = apiRoutes.filter((other) => other.path.startsWith(prefix));
  if (related.length === 0) return undefined;
  return Object.fromEntries(
    related.map((other) => {
      const param = /^\{(\w+)\}/.exec(other.path.slice(route.path.length + 1))![1]!;
      return [
        operationIdOf(other),
        {
          operationId: operationIdOf(other),
          parameters: { [param]: `$response.body#${route.createdId ?? '/id'}` },
          description: `${other.summary} (the one just created)`,
        },
      ];
    }),
  );
}

function queryParameters(route: ApiRoute) {
  if (!route.query) return [];
  const json = toJsonSchema(route.query) as { properties: Record<string, Record<string, unknown>> };
  return Object.entries(json.properties).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return { name, in: 'query', required: false, schema: rest, ...(description ? { description } : {}) };
  });
}

function successContent(route: ApiRoute) {
  const schema = routeResponses[`${route.method} ${route.path}`];
  return schema
    ? { content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } }
    : {};
}

function operation(route: ApiRoute) {
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    description: 'An id this API returned; anything else answers 404',
    schema: { type: 'string', format: 'uuid' },
  }));
  const status = String(route.status ?? 200);
  const codes = [
    ...(route.body ? ['400', '413', '422'] : route.query ? ['422'] : []),
    ...(route.auth === 'none' ? [] : ['401']),
    // A provider's webhook answers 404 while its credentials are not configured.
    ...(route.auth === 'provider' ? ['404'] : []),
    ...(pathParams.length > 0 ? ['404'] : []),
    ...(route.auth === 'apiKey' ? ['429'] : []),
    ...(route.body && /clients|locations|statuses|templates/.test(route.path) ? ['409'] : []),
  ];
  const links = status === '201' ? linksOf(route) : undefined;
  return {
    operationId: operationIdOf(route),
    summary: route.summary,
    tags: [route.tag],
    security: route.auth === 'apiKey' ? [{ apiKey: [] }] : route.auth === 'admin' ? [{ adminToken: [] }] : [],
    parameters: [...pathParams, ...queryParameters(route)],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${route.body}` } } },
          },
        }
      : {}),
    responses: {
      [status]: {
        description: route.returns ?? (status === '204' ? 'Done; no content' : 'Success'),
        ...successContent(route),
        ...(links ? { links } : {}),
      },
      ...Object.fromEntries(
        [...new Set(codes)].sort().map((code) => [code, { $ref: `#/components/responses/Error${code}` }]),
      ),
    },
  };
}

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of apiRoutes) {
    paths[route.path] ??= {};
    paths[route.path]![route.method] = operation(route);
  }
  const schemas = Object.fromEntries([
    ...Object.entries(bodySchemas).map(([name, { schema, rules }]) => [
      name,
      { ...toJsonSchema(schema), ...(rules ? { description: rules } : {}) },
    ]),
    ...Object.entries(responseSchemas).map(([name, schema]) => [name, toJsonSchema(schema, 'output')]),
  ]);
  const responses = Object.fromEntries(
    Object.entries(errorResponses).map(([code, description]) => [
      `Error${code}`,
      { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Customer notifications API',
      version: '1.0.0',
      description:
        'Consent-aware notifications for service businesses. See README.md for the behaviour. Errors are ' +
        '`{"error": {"code", "message", "details"}}`. A method a path does not have answers 405 ' +
        '(code method_not_allowed) with an `Allow` header. Lists take `?cursor=` and `?limit=` (at most ' +
        `${MAX_PAGE_SIZE}) and answer \`nextCursor\`. Every /v1 answer carries the API key's rate limit: ` +
        '`RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds) and `RateLimit-Policy` ' +
        '(`<requests>;w=<window seconds>`), per the IETF draft-ietf-httpapi-ratelimit-headers-07.',
      license: { name: 'UNLICENSED', identifier: 'LicenseRef-UNLICENSED' },
    },
    servers: [{ url: '/', description: 'This API' }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'A company API key' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'The operator token (ADMIN_TOKEN)' },
      },
      schemas: { ...schemas, Error: errorSchema },
      responses,
    },
    paths,
  };
}
