import request from 'supertest';
import { ADMIN_TOKEN, createApiHarness, newTenant, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

describe('GET /health', () => {
  it('when the database and Temporal answer, then it is 200 ok for every part, with the relay backlog', async () => {
    // Act
    const res = await request(harness.app).get('/health');

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: 'ok',
      temporal: 'ok',
      // The API tests share one database, so other tests' undelivered events may be counted.
      relay: {
        pending: expect.any(Number),
        parked: expect.any(Number),
        oldestPendingSeconds: expect.any(Number),
      },
    });
  });

  it('when Temporal is unhealthy, then it is 503 naming temporal as the failing part', async () => {
    // Arrange
    const degraded = createApiHarness({ temporalHealthy: async () => false });

    try {
      // Act
      const res = await request(degraded.app).get('/health');

      // Assert
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ database: 'ok', temporal: 'unavailable' });
      expect(res.body.status).not.toBe('ok');
    } finally {
      await degraded.close();
    }
  });

  it('when the Temporal check throws, then it is 503 rather than 500', async () => {
    // Arrange
    const broken = createApiHarness({
      temporalHealthy: async () => {
        throw new Error('connection refused');
      },
    });

    try {
      // Act
      const res = await request(broken.app).get('/health');

      // Assert
      expect(res.status).toBe(503);
      expect(res.body.temporal).toBe('unavailable');
    } finally {
      await broken.close();
    }
  });

  it('when the database is unreachable, then it is 503 naming the database', async () => {
    // Arrange
    const unreachable = createApiHarness();
    await unreachable.close();

    // Act
    const res = await request(unreachable.app).get('/health');

    // Assert
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ database: 'unavailable', temporal: 'ok', relay: null });
  });

  it('when called without any key, then it still answers (health needs no authentication)', async () => {
    // Act
    const res = await request(harness.app).get('/health').set('Authorization', 'Bearer nonsense');

    // Assert
    expect(res.status).toBe(200);
  });
});

describe('OpenAPI document and docs page', () => {
  it('when /openapi.json is requested, then it is an OpenAPI 3.1 document describing the client routes', async () => {
    // Act
    const res = await request(harness.app).get('/openapi.json');

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.paths['/v1/clients']).toEqual(
      expect.objectContaining({ get: expect.any(Object), post: expect.any(Object) }),
    );
    expect(res.body.paths['/v1/clients/{id}/diagnostics'].get).toBeDefined();
    expect(res.body.paths['/admin/companies'].post.security).toEqual([{ adminToken: [] }]);
    expect(res.body.components.schemas.ClientCreate.properties).toEqual(
      expect.objectContaining({
        name: expect.any(Object),
        phone: expect.any(Object),
        consent: expect.any(Object),
      }),
    );
  });

  it('when /openapi.json is requested, then it describes the order, lead, delivery and outbox routes', async () => {
    // Act
    const res = await request(harness.app).get('/openapi.json');

    // Assert
    const { paths, components } = res.body;
    for (const entity of ['orders', 'leads']) {
      expect(Object.keys(paths[`/v1/${entity}`]).sort()).toEqual(['get', 'post']);
      expect(Object.keys(paths[`/v1/${entity}/{id}`]).sort()).toEqual(['get', 'patch']);
      expect(Object.keys(paths[`/v1/${entity}/{id}/feed`])).toEqual(['get']);
      expect(paths[`/v1/${entity}/{id}`].get.responses['200'].description).toContain('pending');
    }
    expect(paths['/v1/orders'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/OrderCreate',
    });
    expect(Object.keys(components.schemas.OrderCreate.properties)).toEqual(
      expect.arrayContaining(['clientId', 'locationId', 'statusId', 'number', 'dueDate']),
    );
    expect(Object.keys(components.schemas.LeadPatch.properties)).toEqual(['statusId']);
    for (const path of ['/v1/deliveries', '/v1/outbox']) {
      const queryNames = paths[path].get.parameters.map((p: { name: string }) => p.name);
      expect(queryNames).toEqual(expect.arrayContaining(['orderId', 'leadId', 'clientId', 'cursor']));
    }
  });

  it('when a resource is created, then the document links its 201 answer to the operations on it, with the answer and its schema', async () => {
    // Act
    const { body } = await request(harness.app).get('/openapi.json');

    // Assert
    const operationIds = Object.values(body.paths).flatMap((methods) =>
      Object.values(methods as Record<string, { operationId: string }>).map((op) => op.operationId),
    );
    const created = body.paths['/v1/orders'].post.responses['201'];
    expect(created.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Order' });
    expect(Object.keys(created.links).sort()).toEqual([
      'getOrdersById',
      'getOrdersByIdFeed',
      'patchOrdersById',
    ]);
    expect(created.links.getOrdersById.parameters).toEqual({ id: '$response.body#/id' });
    const company = body.paths['/admin/companies'].post.responses['201'].links;
    expect(company.getAdminCompaniesByIdApiKeys.parameters).toEqual({ id: '$response.body#/company/id' });
    for (const link of Object.values(company) as { operationId: string }[])
      expect(operationIds).toContain(link.operationId);
  });

  it('when /docs is requested, then an HTML docs page is served', async () => {
    // Act
    const res = await request(harness.app).get('/docs/');

    // Assert
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('GET /metrics', () => {
  it('when requests have been served, then Prometheus text includes request durations by route', async () => {
    // Arrange
    await request(harness.app).get('/health');

    // Act
    const res = await request(harness.app).get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}`);

    // Assert
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(res.text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/health\/?"/);
  });

  it("when there is no token, a wrong one or a company's API key, then it answers 401 and no metrics", async () => {
    // Arrange
    const { apiKey } = await newTenant(harness);

    // Act
    const anonymous = await request(harness.app).get('/metrics');
    const wrong = await request(harness.app).get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}x`);
    const tenant = await request(harness.app).get('/metrics').set('Authorization', `Bearer ${apiKey}`);

    // Assert
    for (const res of [anonymous, wrong, tenant]) {
      expect(res.status).toBe(401);
      expect(res.text).not.toContain('http_request_duration_seconds');
    }
  });
});
