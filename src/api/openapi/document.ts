import { z } from 'zod';
import { companyCreateSchema, parkedRetrySchema } from '../routes/admin-router';
import { clientCreateSchema, clientPatchSchema } from '../schemas/clients';
import { locationCreateSchema, locationPatchSchema } from '../schemas/locations';
import {
  leadCreateSchema,
  leadPatchSchema,
  leadSimulateSchema,
  orderCreateSchema,
  orderPatchSchema,
} from '../schemas/orders';
import { ruleBulkSchema, ruleCreateSchema, rulePatchSchema } from '../schemas/rules';
import { sendersSchema } from '../schemas/senders';
import { settingsPatchSchema } from '../schemas/settings';
import { statusCreateSchema, statusPatchSchema } from '../schemas/statuses';
import { templateCreateSchema, templatePatchSchema, templatePreviewSchema } from '../schemas/templates';
import { responseSchemas, routeResponses } from './response-schemas';
import { apiRoutes, type ApiRoute } from './routes-table';

const bodySchemas: Record<string, z.ZodType> = {
  CompanyCreate: companyCreateSchema,
  Senders: sendersSchema,
  ParkedRetry: parkedRetrySchema,
  SettingsPatch: settingsPatchSchema,
  LocationCreate: locationCreateSchema,
  LocationPatch: locationPatchSchema,
  StatusCreate: statusCreateSchema,
  StatusPatch: statusPatchSchema,
  ClientCreate: clientCreateSchema,
  ClientPatch: clientPatchSchema,
  TemplateCreate: templateCreateSchema,
  TemplatePatch: templatePatchSchema,
  TemplatePreview: templatePreviewSchema,
  RuleCreate: ruleCreateSchema,
  RulePatch: rulePatchSchema,
  RuleBulk: ruleBulkSchema,
  OrderCreate: orderCreateSchema,
  OrderPatch: orderPatchSchema,
  LeadCreate: leadCreateSchema,
  LeadPatch: leadPatchSchema,
  LeadSimulate: leadSimulateSchema,
};

/** Extra request schemas registered by later features (rules, templates, orders, leads). */
export const additionalBodySchemas: Record<string, z.ZodType> = {};

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
      required: ['code', 'message'],
    },
  },
};

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input') {
  // Custom refinements (time zones, working hours) are described in prose; the shape is what matters here.
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' });
}

function successContent(route: ApiRoute) {
  const schema = routeResponses[`${route.method} ${route.path}`];
  return schema
    ? { content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } }
    : {};
}

function operation(route: ApiRoute) {
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = (route.query ?? []).map((name) => ({
    name,
    in: 'query',
    required: false,
    schema: { type: 'string' },
  }));
  return {
    summary: route.summary,
    tags: [route.tag],
    security: route.auth === 'apiKey' ? [{ apiKey: [] }] : route.auth === 'admin' ? [{ adminToken: [] }] : [],
    parameters: [...params, ...query],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${route.body}` } } },
          },
        }
      : {}),
    responses: {
      [String(route.status ?? 200)]: { description: route.returns ?? 'Success', ...successContent(route) },
      default: { description: 'Error', content: { 'application/json': { schema: errorSchema } } },
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
    ...Object.entries({ ...bodySchemas, ...additionalBodySchemas }).map(([name, schema]) => [
      name,
      toJsonSchema(schema),
    ]),
    ...Object.entries(responseSchemas).map(([name, schema]) => [name, toJsonSchema(schema, 'output')]),
  ]);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Customer notifications API',
      version: '1.0.0',
      description: 'Consent-aware notifications for service businesses. See README.md for the behaviour.',
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'A company API key' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'The operator token (ADMIN_TOKEN)' },
      },
      schemas,
    },
    paths,
  };
}
