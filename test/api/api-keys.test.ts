import request from 'supertest';
import { ADMIN_TOKEN, createApiHarness, newTenant, type ApiHarness } from '../support/api-harness';
import { tenantHttp } from '../support/tenant-http';

// Two API instances on one database, as two replicas behind a load balancer.
let replicaA: ApiHarness;
let replicaB: ApiHarness;
beforeAll(() => {
  replicaA = createApiHarness();
  replicaB = createApiHarness();
});
afterAll(async () => {
  await replicaA.close();
  await replicaB.close();
});

const admin = (method: 'get' | 'post' | 'delete' | 'put', url: string) =>
  request(replicaA.app)[method](url).set('Authorization', `Bearer ${ADMIN_TOKEN}`);

describe('a company manages its own API keys', () => {
  test('when a key is issued, then the secret is shown once and the list shows its prefix and label but no secret', async () => {
    // Arrange
    const tenant = await newTenant(replicaA);

    // Act
    const issued = await tenant.http.post('/v1/api-keys', { label: 'CRM production' });
    const list = await tenant.http.get('/v1/api-keys');

    // Assert
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({
      id: expect.any(String),
      label: 'CRM production',
      prefix: issued.body.apiKey.slice(0, 8),
      createdAt: expect.any(String),
      lastUsedAt: null,
      apiKey: expect.stringMatching(/^cn_/),
    });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items[1]).toEqual({
      id: issued.body.id,
      label: 'CRM production',
      prefix: issued.body.prefix,
      createdAt: issued.body.createdAt,
      lastUsedAt: null,
    });
    expect(JSON.stringify(list.body)).not.toContain(issued.body.apiKey);
    expect(list.body.nextCursor).toBeNull();
  });

  test('when a key is used, then the list says when it was last used', async () => {
    // Arrange
    const tenant = await newTenant(replicaA);
    const issued = (await tenant.http.post('/v1/api-keys', { label: 'Console' })).body;

    // Act
    await tenantHttp(replicaA.app, issued.apiKey).get('/v1/settings');
    const list = await tenant.http.get('/v1/api-keys');

    // Assert
    const listed = list.body.items.find((k: { id: string }) => k.id === issued.id);
    expect(Date.parse(listed.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(issued.createdAt) - 1000);
  });

  test('when a key is revoked, then it answers 401 on every replica at once while the other keys keep working', async () => {
    // Arrange
    const tenant = await newTenant(replicaA);
    const leaked = (await tenant.http.post('/v1/api-keys', { label: 'Leaked' })).body;
    const onA = tenantHttp(replicaA.app, leaked.apiKey);
    const onB = tenantHttp(replicaB.app, leaked.apiKey);
    expect((await onA.get('/v1/settings')).status).toBe(200);
    expect((await onB.get('/v1/settings')).status).toBe(200);

    // Act
    const revoked = await tenant.http.delete(`/v1/api-keys/${leaked.id}`);

    // Assert
    expect(revoked.status).toBe(204);
    expect((await onA.get('/v1/settings')).status).toBe(401);
    const afterOnB = await onB.get('/v1/settings');
    expect(afterOnB.status).toBe(401);
    expect(afterOnB.body.error.code).toBe('unauthorized');
    expect((await tenantHttp(replicaB.app, tenant.apiKey).get('/v1/settings')).status).toBe(200);
    const ids = (await tenant.http.get('/v1/api-keys')).body.items.map((k: { id: string }) => k.id);
    expect(ids).not.toContain(leaked.id);
  });

  test("when a company names another company's key, an unknown id or a malformed one, then it answers 404 and the key keeps working", async () => {
    // Arrange
    const tenant = await newTenant(replicaA);
    const other = await newTenant(replicaA, 'Other Repairs');
    const otherKey = (await other.http.post('/v1/api-keys', { label: 'Theirs' })).body;

    // Act
    const answers = await Promise.all(
      [otherKey.id, '00000000-0000-4000-8000-000000000000', 'not-an-id'].map((id) =>
        tenant.http.delete(`/v1/api-keys/${id}`),
      ),
    );

    // Assert
    expect(answers.map((r) => r.status)).toEqual([404, 404, 404]);
    expect((await tenantHttp(replicaA.app, otherKey.apiKey).get('/v1/settings')).status).toBe(200);
  });

  test('when the label is missing, blank or too long, then it answers 422 naming the field', async () => {
    // Arrange
    const tenant = await newTenant(replicaA);

    // Act
    const answers = await Promise.all(
      [{}, { label: '  ' }, { label: 'x'.repeat(101) }, { label: 'ok', extra: 1 }].map((body) =>
        tenant.http.post('/v1/api-keys', body),
      ),
    );

    // Assert
    expect(answers.map((r) => r.status)).toEqual([422, 422, 422, 422]);
    expect(answers[0]!.body.error.details).toEqual([expect.objectContaining({ path: ['label'] })]);
  });
});

describe('the operator manages any company’s API keys', () => {
  test('when the operator issues, lists and revokes a key of a company, then the company sees the same keys and the revoked one stops working', async () => {
    // Arrange
    const tenant = await newTenant(replicaA);
    const base = `/admin/companies/${tenant.company.id}/api-keys`;

    // Act
    const issued = await admin('post', base).send({ label: 'Issued by support' });
    const listed = await admin('get', base);
    const seenByCompany = await tenant.http.get('/v1/api-keys');
    const revoked = await admin('delete', `${base}/${issued.body.id}`);

    // Assert
    expect(issued.status).toBe(201);
    expect(listed.body.items.map((k: { label: string | null }) => k.label)).toEqual([
      null,
      'Issued by support',
    ]);
    const idsOf = (body: { items: { id: string }[] }) => body.items.map((k) => k.id);
    expect(idsOf(seenByCompany.body)).toEqual(idsOf(listed.body));
    expect(revoked.status).toBe(204);
    expect((await tenantHttp(replicaB.app, issued.body.apiKey).get('/v1/settings')).status).toBe(401);
  });

  test('when the company does not exist or a company key is used instead of the operator token, then it answers 404 or 401', async () => {
    // Arrange
    const tenant = await newTenant(replicaA);

    // Act
    const unknown = await admin('get', '/admin/companies/00000000-0000-4000-8000-000000000000/api-keys');
    const malformed = await admin('get', '/admin/companies/nope/api-keys');
    const withCompanyKey = await request(replicaA.app)
      .get(`/admin/companies/${tenant.company.id}/api-keys`)
      .set('Authorization', `Bearer ${tenant.apiKey}`);

    // Assert
    expect([unknown.status, malformed.status, withCompanyKey.status]).toEqual([404, 404, 401]);
  });
});
