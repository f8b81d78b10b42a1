/**
 * The frequency cap's claim under concurrency (SPEC 9): sends that reach the claim at the same instant
 * cannot both pass the cap, because counting and claiming run under a per-client lock.
 */
import { randomUUID } from 'node:crypto';
import { claimDeliveryWithinCap, type NewDelivery } from '../../src/db/repositories/deliveries-repository';
import { createApiHarness, newTenant, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

async function clientOfNewTenant() {
  const { http, company } = await newTenant(harness);
  const client = await http.post('/v1/clients', {
    name: 'Olena',
    phone: '+380501234567',
    consent: { sms: true },
  });
  expect(client.status).toBe(201);
  const claim = (entity: 'order' | 'lead'): NewDelivery => ({
    companyId: company.id,
    idempotencyKey: `cap-test:${randomUUID()}`,
    kind: 'notification',
    entity,
    entityId: randomUUID(),
    clientId: client.body.id,
    ruleId: null,
    channel: 'sms',
    to: '+380501234567',
    subject: null,
    body: 'Your order is ready',
  });
  return { companyId: company.id, clientId: client.body.id as string, claim };
}

describe('claimDeliveryWithinCap', () => {
  test('when 16 claims for one client race with a cap of 3, then exactly 3 are claimed and the rest are capped', async () => {
    // Arrange
    const { claim } = await clientOfNewTenant();
    const claims = Array.from({ length: 16 }, (_, i) => claim(i % 2 === 0 ? 'order' : 'lead'));

    // Act
    const results = await Promise.all(claims.map((c) => claimDeliveryWithinCap(harness.db, c, 3)));

    // Assert
    const count = (what: 'capped' | 'claimed') =>
      results.filter((r) => (r === 'capped' ? 'capped' : 'claimed') === what).length;
    expect({ claimed: count('claimed'), capped: count('capped') }).toEqual({ claimed: 3, capped: 13 });
  });

  test('when the cap is off, then every claim is made', async () => {
    const { claim } = await clientOfNewTenant();

    const results = await Promise.all(
      Array.from({ length: 5 }, () => claimDeliveryWithinCap(harness.db, claim('order'), null)),
    );

    expect(results.every((r) => r !== 'capped' && r.created)).toBe(true);
  });

  test('when a key was claimed before the cap was reached, then claiming it again returns it instead of capping', async () => {
    // Arrange
    const { claim } = await clientOfNewTenant();
    const first = claim('order');
    await claimDeliveryWithinCap(harness.db, first, 1);

    // Act
    const again = await claimDeliveryWithinCap(harness.db, first, 1);
    const another = await claimDeliveryWithinCap(harness.db, claim('order'), 1);

    // Assert
    expect(again).toEqual(expect.objectContaining({ created: false }));
    expect(another).toBe('capped');
  });

  test('when skipped or failed deliveries fill the window, then they do not count', async () => {
    // Arrange
    const { claim } = await clientOfNewTenant();
    const made = await claimDeliveryWithinCap(harness.db, claim('order'), 1);
    if (made === 'capped') throw new Error('the first claim was capped');
    await harness.db.query(`UPDATE deliveries SET status = 'failed' WHERE id = $1`, [made.delivery.id]);

    // Act
    const next = await claimDeliveryWithinCap(harness.db, claim('lead'), 1);

    // Assert
    expect(next).not.toBe('capped');
  });

  test('when another client has used its cap, then this client is not capped', async () => {
    const a = await clientOfNewTenant();
    await claimDeliveryWithinCap(harness.db, a.claim('order'), 1);
    const b = await clientOfNewTenant();

    expect(await claimDeliveryWithinCap(harness.db, b.claim('order'), 1)).not.toBe('capped');
  });
});
