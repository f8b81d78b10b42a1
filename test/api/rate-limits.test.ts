import type { Server } from 'node:http';
import request from 'supertest';
import { DEFAULT_RATE_LIMIT } from '../../src/api/rate-limit';
import { ADMIN_TOKEN, createApiHarness, newTenant, type ApiHarness } from '../support/api-harness';

// Two replicas on one database, with the product's default limit (50/s, bursts of 100).
let replicaA: ApiHarness;
let replicaB: ApiHarness;
// Listening once per replica: a burst then takes milliseconds, not a server start per request.
let serverA: Server;
beforeAll(() => {
  replicaA = createApiHarness({ rateLimit: DEFAULT_RATE_LIMIT });
  replicaB = createApiHarness({ rateLimit: DEFAULT_RATE_LIMIT });
  serverA = replicaA.app.listen(0);
});
afterAll(async () => {
  await new Promise((resolve) => serverA.close(resolve));
  await replicaA.close();
  await replicaB.close();
});

const setLimit = (companyId: string, limit: { perSecond: number | null; burst: number | null }) =>
  request(replicaA.app)
    .put(`/admin/companies/${companyId}/rate-limit`)
    .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
    .send(limit);

describe('rate limits per API key', () => {
  test('when a key makes its first request, then the answer carries the default policy: 100 requests per 2 s window', async () => {
    // Arrange
    const tenant = await newTenant(replicaA);

    // Act
    const res = await tenant.http.get('/v1/settings');

    // Assert
    expect(res.status).toBe(200);
    expect(res.headers['ratelimit-limit']).toBe('100');
    expect(res.headers['ratelimit-remaining']).toBe('99');
    expect(res.headers['ratelimit-policy']).toBe('100;w=2');
  });

  test('when one key sends a burst over its limit, then the excess answers 429 with Retry-After and RateLimit headers while another company is still served', async () => {
    // Arrange: 20 requests per 20 s, so the window cannot end during the burst on a busy machine.
    const noisy = await newTenant(replicaA, 'Noisy');
    const quiet = await newTenant(replicaA, 'Quiet');
    await setLimit(noisy.company.id, { perSecond: 1, burst: 20 });
    await setLimit(quiet.company.id, { perSecond: 1, burst: 20 });
    const get = (apiKey: string) =>
      request(serverA).get('/v1/settings').set('Authorization', `Bearer ${apiKey}`);

    // Act
    const burst = await Promise.all(Array.from({ length: 50 }, () => get(noisy.apiKey)));
    const quietAnswer = await get(quiet.apiKey);

    // Assert
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    const answer = burst.find((r) => r.status === 429)!;
    expect(answer.body).toEqual({
      error: {
        code: 'rate_limited',
        message: expect.any(String),
        details: expect.objectContaining({ limit: 20 }),
      },
    });
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(answer.headers['retry-after'])).toBeLessThanOrEqual(20);
    expect(answer.headers['ratelimit-limit']).toBe('20');
    expect(answer.headers['ratelimit-remaining']).toBe('0');
    expect(Number(answer.headers['ratelimit-reset'])).toBeGreaterThanOrEqual(1);
    expect(answer.headers['ratelimit-policy']).toBe('20;w=20');
    expect(quietAnswer.status).toBe(200);
    expect(quietAnswer.headers['ratelimit-remaining']).toBe('19');
  });

  test('when a key spreads its requests over two replicas, then they share one limit', async () => {
    // Arrange: 10 requests per 10 s, so the window cannot end during the test.
    const tenant = await newTenant(replicaA);
    expect((await setLimit(tenant.company.id, { perSecond: 1, burst: 10 })).status).toBe(200);
    const onA = () =>
      request(replicaA.app).get('/v1/settings').set('Authorization', `Bearer ${tenant.apiKey}`);
    const onB = () =>
      request(replicaB.app).get('/v1/settings').set('Authorization', `Bearer ${tenant.apiKey}`);

    // Act
    const first = await Promise.all(Array.from({ length: 10 }, () => onA()));
    const then = await Promise.all(Array.from({ length: 5 }, () => onB()));

    // Assert
    expect(first.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(then.map((r) => r.status)).toEqual(Array(5).fill(429));
    expect(then[0]!.headers['ratelimit-policy']).toBe('10;w=10');
  });

  test('when the operator raises a company’s limit, then its keys may send more; null puts the default back', async () => {
    // Arrange
    const tenant = await newTenant(replicaA);
    await setLimit(tenant.company.id, { perSecond: 1, burst: 10 });

    // Act
    const raised = await setLimit(tenant.company.id, { perSecond: 100, burst: 300 });
    const burst = await Promise.all(Array.from({ length: 30 }, () => tenant.http.get('/v1/settings')));
    const reset = await setLimit(tenant.company.id, { perSecond: null, burst: null });
    const after = await tenant.http.get('/v1/settings');

    // Assert
    expect(raised.body).toEqual({ perSecond: 100, burst: 300, custom: true });
    expect(burst.filter((r) => r.status === 429)).toEqual([]);
    expect(reset.body).toEqual({ perSecond: 50, burst: 100, custom: false });
    expect(after.headers['ratelimit-limit']).toBe('100');
  });

  test('when a company is rate limited, then webhooks and /health are still answered', async () => {
    // Arrange
    const tenant = await newTenant(replicaA);
    await setLimit(tenant.company.id, { perSecond: 1, burst: 1 });
    await tenant.http.get('/v1/settings');
    expect((await tenant.http.get('/v1/settings')).status).toBe(429);

    // Act
    const health = await request(replicaA.app).get('/health').set('Authorization', `Bearer ${tenant.apiKey}`);
    const webhook = await request(replicaA.app)
      .post('/webhooks/postmark')
      .set('Authorization', `Bearer ${tenant.apiKey}`)
      .send({});

    // Assert
    expect(health.status).not.toBe(429);
    expect(webhook.status).not.toBe(429);
  });

  test('when the operator sends an invalid limit or names an unknown company, then it answers 422 or 404', async () => {
    // Arrange
    const tenant = await newTenant(replicaA);

    // Act
    const zero = await setLimit(tenant.company.id, { perSecond: 0, burst: 10 });
    const missing = await request(replicaA.app)
      .put(`/admin/companies/${tenant.company.id}/rate-limit`)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ perSecond: 5 });
    const unknown = await setLimit('00000000-0000-4000-8000-000000000000', { perSecond: 5, burst: 10 });

    // Assert
    expect([zero.status, missing.status, unknown.status]).toEqual([422, 422, 404]);
  });
});
