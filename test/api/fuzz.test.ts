/**
 * Property-based fuzzing of every endpoint, driven by the OpenAPI document: generated bodies,
 * ids, cursors, limits and Unicode. Each answer must be below 500 and, when refused, in the SPEC's error
 * shape, with the tenant's data unchanged; a request the document calls valid may be refused only by a
 * rule the document states in words.
 */
import type { Server } from 'node:http';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import request from 'supertest';
import { buildOpenApiDocument } from '../../src/api/openapi/document';
import {
  ADMIN_TOKEN,
  createApiHarness,
  newTenant,
  weekdayHours,
  type ApiHarness,
} from '../support/api-harness';
import { arbitraryOf } from '../support/schema-arbitrary';
import { ok } from '../support/tenant-http';

type JsonSchema = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  body?: string;
  parameters: { name: string; in: string; schema: JsonSchema }[];
  security: { apiKey?: unknown; adminToken?: unknown }[];
}

const document = buildOpenApiDocument() as unknown as {
  paths: Record<
    string,
    Record<
      string,
      Omit<Operation, 'method' | 'path' | 'body'> & {
        requestBody?: { content: { 'application/json': { schema: { $ref: string } } } };
      }
    >
  >;
  components: { schemas: Record<string, JsonSchema> };
};
const resolve = (ref: string) => document.components.schemas[ref.split('/').pop()!]!;

/**
 * What a valid body may still be refused for (422 on these fields): rules the document states in words
 * (cross-field rules, zone and locale data, phone parsing, template syntax). Each is checked to be named
 * in the document.
 */
/** The rule fields the document's rules between fields name (RULE_RULES in the document). */
const RULE_FIELD_RULES = [
  'locationId',
  'kind',
  'trigger',
  'remindBefore',
  'delay',
  'workingHoursOnly',
  'fallback',
  'debounce',
];

const documentedRefusals: Record<string, string[]> = {
  LocationCreate: ['workingHours', 'timezone'],
  LocationPatch: ['workingHours', 'timezone'],
  SettingsPatch: ['locale', 'sender_not_allowed'],
  ClientCreate: ['phone', 'email'],
  ClientPatch: ['phone', 'email'],
  TemplateCreate: ['body', 'subject'],
  TemplatePatch: ['body', 'subject'],
  TemplatePreview: ['body', 'subject', 'leadId'],
  RuleCreate: RULE_FIELD_RULES,
  RulePatch: RULE_FIELD_RULES,
  RuleBulk: ['templateId', 'channel', 'ruleIds', 'too_many_copies'],
  OrderCreate: ['dueDate'],
  OrderPatch: ['dueDate'],
};

/** FUZZ_SCALE=0.2 for a quick run, 5 for a long one; FUZZ_SEED explores other requests. */
const RUN_SCALE = Number(process.env.FUZZ_SCALE ?? 1);

const operations: Operation[] = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods)
    // Webhooks authenticate with provider credentials the test does not configure; /metrics is ops.
    .filter(() => !path.startsWith('/webhooks') && path !== '/metrics')
    .map(([method, op]) => ({
      method,
      path,
      body: op.requestBody?.content['application/json'].schema.$ref.split('/').pop(),
      parameters: op.parameters,
      security: op.security,
    })),
);

let harness: ApiHarness;
let server: Server;
beforeAll(() => {
  // No fan-out worker: it would write events between requests, and the data must change only by them.
  harness = createApiHarness({}, { runFanout: false });
  server = harness.app.listen(0);
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await harness.close();
});

/** A digest of everything the company owns, so a refused request can be shown to have changed nothing. */
async function tenantDigest(companyId: string): Promise<string> {
  const tables = [
    'company_settings',
    'company_senders',
    'locations',
    'statuses',
    'clients',
    'consent_events',
    'suppressions',
    'templates',
    'notification_rules',
    'orders',
    'leads',
    'entity_events',
    'feed_entries',
    'deliveries',
    'outbox_messages',
    'rule_change_fanouts',
  ];
  const selects = tables.map(
    (t) => `SELECT '${t}' || row_to_json(x)::text AS r FROM ${t} x WHERE company_id = $1`,
  );
  selects.push(
    `SELECT 'api_keys' || (row_to_json(x)::jsonb - 'last_used_at')::text FROM api_keys x WHERE company_id = $1`,
  );
  selects.push(`SELECT 'companies' || row_to_json(x)::text FROM companies x WHERE id = $1`);
  const { rows } = await harness.db.query<{ digest: string }>(
    `SELECT md5(coalesce(string_agg(r, '|' ORDER BY r), '')) AS digest FROM (${selects.join(' UNION ALL ')}) s`,
    [companyId],
  );
  return rows[0]!.digest;
}

function expectErrorShape(res: request.Response, what: string) {
  expect({ what, status: res.status, body: res.body }).toEqual({
    what,
    status: res.status,
    body: { error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) },
  });
}

test('the document names every rule the fuzzer allows to refuse a valid request', () => {
  for (const [name, fields] of Object.entries(documentedRefusals)) {
    const text = JSON.stringify(document.components.schemas[name]);
    for (const field of fields)
      expect({ name, field, named: text.includes(field) }).toEqual({ name, field, named: true });
  }
});

test('when about a thousand generated requests hit every endpoint, then none answers 5xx, every refusal has the error shape and changes nothing, and valid requests are refused only by documented rules', async () => {
  // Arrange: a shop whose ids the generated requests may use, and a second company for the operator routes.
  const tenant = await newTenant(harness, 'Fuzzed Repairs');
  const victim = await newTenant(harness, 'Operator target');
  const { http } = tenant;
  const location = await ok(
    http.post('/v1/locations', { name: 'Main', timezone: 'Europe/Kyiv', workingHours: weekdayHours }),
  );
  const orderStatus = await ok(http.post('/v1/statuses', { entity: 'order', name: 'Open' }));
  const leadStatus = await ok(http.post('/v1/statuses', { entity: 'lead', name: 'New' }));
  const client = await ok(
    http.post('/v1/clients', { name: 'Olena', phone: '+380501234567', email: 'o@example.com' }),
  );
  const template = await ok(http.post('/v1/templates', { name: 'Hi', body: 'Hi {{client.name}}' }));
  const rule = await ok(
    http.post('/v1/notification-rules', {
      entity: 'order',
      kind: 'notification',
      locationId: location.id,
      trigger: { type: 'order.created' },
      channel: 'sms',
      templateId: template.id,
    }),
  );
  const order = await ok(
    http.post('/v1/orders', { clientId: client.id, locationId: location.id, statusId: orderStatus.id }),
  );
  const lead = await ok(http.post('/v1/leads', { clientId: client.id, statusId: leadStatus.id }));
  const spareKey = await ok(http.post('/v1/api-keys', { label: 'spare' }));
  const otherCompanyLocation = await ok(
    victim.http.post('/v1/locations', { name: 'Theirs', timezone: 'UTC', workingHours: weekdayHours }),
  );
  const ownIds = [
    location.id,
    orderStatus.id,
    leadStatus.id,
    client.id,
    template.id,
    rule.id,
    order.id,
    lead.id,
    spareKey.id,
  ];
  const ids = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ownIds) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constant(otherCompanyLocation.id) },
  );
  const junk = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom(
      '',
      ' ',
      '..',
      '%00',
      '%2F',
      "'; DROP TABLE orders; --",
      '9'.repeat(40),
      'Europe/Kyiv',
      '😀',
    ),
  );
  const pathValue = (path: string, name: string) =>
    path.startsWith('/admin/companies/{id}') && name === 'id'
      ? fc.oneof(fc.constant(victim.company.id), fc.uuid(), junk)
      : fc.oneof({ weight: 3, arbitrary: ids }, { weight: 1, arbitrary: junk });
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats(ajv);
  ajv.addSchema({ $id: 'doc', components: document.components });
  const validatorOf = (name: string) => ajv.getSchema(`doc#/components/schemas/${name}`)!;
  const tooLarge = { name: 'x'.repeat(1_100_000) };

  let requests = 0;
  let digest = await tenantDigest(tenant.company.id);
  const refusedValid: unknown[] = [];

  for (const op of operations) {
    const opStarted = Date.now();
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const queryParams = op.parameters.filter((p) => p.in === 'query');
    const bodySchema = op.body ? document.components.schemas[op.body]! : undefined;
    const bodyArb = bodySchema
      ? fc.oneof(
          { weight: 4, arbitrary: arbitraryOf(bodySchema, ids, resolve) },
          { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
          {
            weight: 1,
            arbitrary: fc.dictionary(
              fc.constantFrom(...Object.keys((bodySchema.properties as object) ?? {}), 'extra'),
              fc.jsonValue({ maxDepth: 2 }),
            ),
          },
        )
      : fc.constant(undefined);
    const queryArb = fc.record(
      Object.fromEntries(
        queryParams.map((p) => [p.name, fc.oneof(arbitraryOf(p.schema, ids, resolve).map(String), junk)]),
      ),
      { requiredKeys: [] },
    );
    const requestArb = fc.record({
      path: fc.tuple(...pathParams.map((p) => pathValue(op.path, p.name))),
      query: queryArb,
      body: bodyArb,
    });

    await fc.assert(
      fc.asyncProperty(requestArb, async ({ path: values, query, body }) => {
        let url = op.path;
        pathParams.forEach(
          (p, i) => (url = url.replace(`{${p.name}}`, encodeURIComponent(String(values[i])))),
        );
        const token = op.security.some((s) => 'adminToken' in s) ? ADMIN_TOKEN : tenant.apiKey;
        let req = request(server)
          [op.method as 'get'](url)
          .set('Authorization', `Bearer ${token}`)
          .query(query as Record<string, string>);
        if (body !== undefined) req = req.set('Content-Type', 'application/json').send(JSON.stringify(body));
        const res = await req;
        requests++;

        expect({
          op: `${op.method} ${op.path}`,
          url,
          body,
          status: res.status < 500 ? 'below 500' : res.status,
          answer: res.status < 500 ? null : res.body,
        }).toEqual({
          op: `${op.method} ${op.path}`,
          url,
          body,
          status: 'below 500',
          answer: null,
        });
        if (res.status >= 400) expectErrorShape(res, `${op.method} ${url}`);

        if (op.method !== 'get') {
          const after = await tenantDigest(tenant.company.id);
          if (res.status >= 400)
            expect({ refused: `${op.method} ${url}`, body, changed: after !== digest }).toEqual({
              refused: `${op.method} ${url}`,
              body,
              changed: false,
            });
          digest = after;
        }

        // A request the document calls valid, on ids of this company, is refused only by a documented rule.
        const idsValid = values.every((v) => ownIds.includes(String(v)) || String(v) === victim.company.id);
        const queryValid = queryParams.length === 0 || Object.keys(query).length === 0;
        if (op.body && idsValid && queryValid && res.status === 422 && validatorOf(op.body)(body)) {
          const details = (res.body.error.details ?? []) as { path?: (string | number)[] }[];
          const fields = Array.isArray(details) ? details.map((d) => String(d.path?.[0] ?? '')) : [];
          const allowed = documentedRefusals[op.body] ?? [];
          const explained =
            allowed.includes(res.body.error.code) ||
            (fields.length > 0 && fields.every((f) => allowed.includes(f)));
          if (!explained) refusedValid.push({ op: `${op.method} ${op.path}`, body, error: res.body.error });
        }
      }),
      {
        numRuns: Math.ceil((op.method === 'get' ? 8 : 25) * RUN_SCALE),
        seed: Number(process.env.FUZZ_SEED ?? 20261201),
      },
    );
    if (process.env.FUZZ_VERBOSE) console.log(`${op.method} ${op.path}: ${Date.now() - opStarted} ms`);
  }

  // Oversized and malformed bodies on every writing endpoint.
  for (const op of operations.filter((o) => o.body)) {
    const url = op.path.replace(/\{\w+\}/g, client.id);
    const token = op.security.some((s) => 'adminToken' in s) ? ADMIN_TOKEN : tenant.apiKey;
    const big = await request(server)
      [op.method as 'post'](url)
      .set('Authorization', `Bearer ${token}`)
      .send(tooLarge);
    const broken = await request(server)
      [op.method as 'post'](url)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send('{"name": ');
    expect([big.status, broken.status]).toEqual([413, 400]);
    requests += 2;
  }

  // Assert
  console.log(`fuzzed ${operations.length} operations with ${requests} requests`);
  expect(refusedValid).toEqual([]);
  expect(await tenantDigest(tenant.company.id)).toBe(digest);
}, 120_000);
