import request from 'supertest';
import { createApiHarness, newTenant, weekdayHours, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('malformed and oversized bodies', () => {
  it('when the JSON is malformed, then it answers 400 with a JSON error body', async () => {
    // Arrange
    const { apiKey } = await newTenant(harness);

    // Act
    const res = await request(harness.app)
      .post('/v1/clients')
      .set('Authorization', `Bearer ${apiKey}`)
      .set('Content-Type', 'application/json')
      .send('{"name": "Olena",');

    // Assert
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual({ error: { code: 'malformed_json', message: expect.any(String) } });
  });

  it('when the body is a bare JSON string, then it answers 400', async () => {
    // Arrange
    const { apiKey } = await newTenant(harness);

    // Act
    const res = await request(harness.app)
      .patch('/v1/settings')
      .set('Authorization', `Bearer ${apiKey}`)
      .set('Content-Type', 'application/json')
      .send('"phoneConsentByDefault"');

    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
  });

  it('when the body is larger than 1 MiB, then it answers 413 with a JSON error body', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const huge = { name: 'Olena', note: 'x'.repeat(1024 * 1024) };

    // Act
    const res = await http.post('/v1/clients', huge);

    // Assert
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
  });

  it('when the body is just under 1 MiB, then it is parsed and validated (422, not 413)', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const big = { name: 'x'.repeat(1024 * 1024 - 100) };

    // Act
    const res = await http.post('/v1/clients', big);

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toEqual(['name']);
  });

  it('when a write has no body or a non-JSON body, then it answers 422 rather than 500', async () => {
    // Arrange
    const { apiKey, http } = await newTenant(harness);

    // Act
    const empty = await http.post('/v1/statuses');
    const text = await request(harness.app)
      .post('/v1/statuses')
      .set('Authorization', `Bearer ${apiKey}`)
      .set('Content-Type', 'text/plain')
      .send('entity=order');
    const array = await http.post('/v1/locations', [] as unknown as object);

    // Assert
    expect([empty.status, text.status, array.status]).toEqual([422, 422, 422]);
  });
});

describe('unknown routes and ids', () => {
  it('when the route does not exist, then it answers 404 with a JSON error body', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const v1 = await http.get('/v1/invoices');
    const root = await request(harness.app).get('/nope');

    // Assert
    for (const res of [v1, root]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    }
  });

  it('when a path exists but not with that method, then it answers 405 with an Allow header', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const settings = await http.delete('/v1/settings');
    const client = await http.delete('/v1/clients/00000000-0000-4000-8000-000000000000');
    const health = await request(harness.app).post('/health');

    // Assert
    expect(settings.status).toBe(405);
    expect(settings.headers.allow).toBe('GET, PATCH, HEAD');
    expect(settings.body).toEqual({
      error: {
        code: 'method_not_allowed',
        message: expect.any(String),
        details: { allow: ['GET', 'PATCH', 'HEAD'] },
      },
    });
    expect(client.status).toBe(405);
    expect(client.headers.allow).toBe('GET, PATCH, HEAD');
    expect(health.status).toBe(405);
    expect(health.headers.allow).toBe('GET, HEAD');
  });

  it.each(['/v1/locations', '/v1/statuses', '/v1/templates'])(
    'when %s/{id} gets an id that is not a UUID, then it answers 404, never 500',
    async (base) => {
      // Arrange
      const { http } = await newTenant(harness);

      // Act
      const responses = await Promise.all([
        http.get(`${base}/not-a-uuid`),
        http.patch(`${base}/123`, { name: 'x' }),
        http.delete(`${base}/%27%3B%20DROP%20TABLE`),
      ]);

      // Assert
      expect(responses.map((r) => r.status)).toEqual([404, 404, 404]);
      for (const res of responses) expect(res.body.error.code).toBe('not_found');
    },
  );

  it('when client sub-resources get an id that is not a UUID, then they answer 404', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const history = await http.get('/v1/clients/xyz/consent-history');
    const diagnostics = await http.get('/v1/clients/xyz/diagnostics');

    // Assert
    expect([history.status, diagnostics.status]).toEqual([404, 404]);
  });
});

describe('invalid list queries', () => {
  it.each([
    ['garbage', 'not-a-cursor'],
    ['a JSON object', cursorOf({ a: 1 })],
    ['a non-UUID id', cursorOf(['2024-01-01T00:00:00.000000Z', 'not-a-uuid'])],
    ['an impossible date', cursorOf(['2024-02-30T00:00:00.000000Z', '0b0f6a4e-6a3d-4d1c-8a6e-2f4a1b9c7d10'])],
    [
      'a year PostgreSQL refuses',
      cursorOf(['0000-01-01T00:00:00.000000Z', '0b0f6a4e-6a3d-4d1c-8a6e-2f4a1b9c7d10']),
    ],
    ['a number as date', cursorOf(['1', '0b0f6a4e-6a3d-4d1c-8a6e-2f4a1b9c7d10'])],
    ['an empty array', cursorOf([])],
  ])('when the cursor is %s, then every list answers 422 on cursor', async (_what, cursor) => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const responses = await Promise.all(
      ['/v1/locations', '/v1/statuses', '/v1/clients'].map((path) => http.get(`${path}?cursor=${cursor}`)),
    );

    // Assert
    for (const res of responses) {
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: ['cursor'] })]);
    }
  });

  it('when a well-formed cursor points past every row, then the list is empty rather than an error', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    await http.post('/v1/statuses', { entity: 'order', name: 'New' });
    const farFuture = cursorOf(['9999-12-31T23:59:59.999999Z', 'ffffffff-ffff-4fff-bfff-ffffffffffff']);

    // Act
    const res = await http.get(`/v1/statuses?cursor=${farFuture}`);

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });

  it('when a query parameter is repeated, then it answers 422 rather than 500', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.get('/v1/statuses?entity=order&entity=lead');

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toEqual(['entity']);
  });
});

describe('wrong types and odd values', () => {
  it('when fields have the wrong JSON types, then it answers 422 listing each path', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/clients', { name: 42, phone: true, email: ['a@b.c'], consent: 'all' });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: unknown[] }) => d.path)).toEqual(
      expect.arrayContaining([['name'], ['phone'], ['email'], ['consent']]),
    );
  });

  it('when working hours have wrong types deep inside, then the 422 path points there', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/locations', {
      name: 'Main',
      timezone: 'UTC',
      workingHours: { ...weekdayHours, mon: [{ from: 9, to: 18 }], tue: 'all day' },
    });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: unknown[] }) => d.path)).toEqual([
      ['workingHours', 'mon', 0, 'from'],
      ['workingHours', 'mon', 0, 'to'],
      ['workingHours', 'tue'],
    ]);
  });

  it('when text contains a NUL character, then it answers 422 rather than a database error', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const client = await http.post('/v1/clients', { name: 'Ole\u0000na' });
    const location = await http.post('/v1/locations', {
      name: 'Main',
      timezone: 'UTC',
      address: 'Street\u00001',
      workingHours: {},
    });
    const settings = await http.patch('/v1/settings', { emailFromName: 'Fix\u0000it' });

    // Assert
    expect(client.status).toBe(422);
    expect(client.body.error.details[0].path).toEqual(['name']);
    expect(location.status).toBe(422);
    expect(location.body.error.details[0].path).toEqual(['address']);
    expect(settings.status).toBe(422);
    expect(settings.body.error.details[0].path).toEqual(['emailFromName']);
  });

  it('when a text field is longer than allowed, then it answers 422 on that field', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/statuses', { entity: 'order', name: 'x'.repeat(5000) });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toEqual(['name']);
  });
});
