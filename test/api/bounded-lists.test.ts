import { insertFeedEntry } from '../../src/db/repositories/feed-repository';
import { createApiHarness, newTenant, weekdayHours, type ApiHarness } from '../support/api-harness';
import { ok } from '../support/tenant-http';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

describe('nothing is unbounded', () => {
  test('when a list is asked for more than 100 items, or a limit that is no number, then it answers 422 naming limit', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const lists = [
      '/v1/locations',
      '/v1/clients',
      '/v1/orders',
      '/v1/api-keys',
      '/v1/outbox',
      '/v1/deliveries',
    ];

    // Act
    const answers = await Promise.all(
      lists.flatMap((url) => [http.get(`${url}?limit=101`), http.get(`${url}?limit=x`)]),
    );

    // Assert
    for (const res of answers) {
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: ['limit'] })]);
    }
  });

  test('when locations are listed two at a time, then the pages hold every location once, in order', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const ids: string[] = [];
    for (const name of ['A', 'B', 'C', 'D', 'E'])
      ids.push(
        (await ok(http.post('/v1/locations', { name, timezone: 'UTC', workingHours: weekdayHours }))).id,
      );

    // Act
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await ok(
        http.get(`/v1/locations?limit=2${cursor ? `&cursor=${cursor}` : ''}`),
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((l) => l.id));
      cursor = page.nextCursor;
    } while (cursor);

    // Assert
    expect(seen).toEqual(ids);
  });

  test('when an order has a long feed, then it comes in pages of at most 100 entries with nextCursor', async () => {
    // Arrange
    const { http, company } = await newTenant(harness);
    const location = await ok(
      http.post('/v1/locations', { name: 'Main', timezone: 'UTC', workingHours: weekdayHours }),
    );
    const status = await ok(http.post('/v1/statuses', { entity: 'order', name: 'Open' }));
    const client = await ok(http.post('/v1/clients', { name: 'Olena' }));
    const order = await ok(
      http.post('/v1/orders', { clientId: client.id, locationId: location.id, statusId: status.id }),
    );
    // order.created is the first entry; 149 more make 150.
    for (let i = 0; i < 149; i++) {
      await insertFeedEntry(harness.db, {
        companyId: company.id,
        entity: 'order',
        entityId: order.id,
        type: 'order.status_changed',
      });
    }

    // Act
    const first = await ok(http.get(`/v1/orders/${order.id}/feed`));
    const second = await ok(http.get(`/v1/orders/${order.id}/feed?cursor=${first.nextCursor}`));
    const small = await ok(http.get(`/v1/orders/${order.id}/feed?limit=10`));
    const tampered = await http.get(`/v1/orders/${order.id}/feed?cursor=bm9wZQ`);

    // Assert
    expect(first.entries).toHaveLength(100);
    expect(second.entries).toHaveLength(50);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.entries, ...second.entries].map((e: { id: string }) => e.id)).size).toBe(150);
    expect(small.entries).toHaveLength(10);
    expect(tampered.status).toBe(422);
  });

  test('when a client has a long consent history, then it is paged too and still answers items', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const client = await ok(http.post('/v1/clients', { name: 'Olena', phone: '+380501234567' }));
    for (let i = 0; i < 3; i++)
      await ok(http.patch(`/v1/clients/${client.id}`, { consent: { sms: i % 2 === 0 } }));

    // Act
    const first = await ok(http.get(`/v1/clients/${client.id}/consent-history?limit=5`));
    const rest = await ok(
      http.get(`/v1/clients/${client.id}/consent-history?limit=5&cursor=${first.nextCursor}`),
    );

    // Assert: four entries at creation, three changes.
    expect(first.items).toHaveLength(5);
    expect(rest.items).toHaveLength(2);
    expect(rest.nextCursor).toBeNull();
    expect(rest.items.at(-1)).toEqual({
      channel: 'sms',
      granted: true,
      source: 'manual',
      at: expect.any(String),
    });
  });

  test('when a client has more than 100 duplicate profiles, then diagnostics lists 100 and says there are more', async () => {
    // Arrange
    const { http, company } = await newTenant(harness);
    const client = await ok(http.post('/v1/clients', { name: 'Olena', phone: '+380501234567' }));
    await harness.db.query(
      `INSERT INTO clients (company_id, name, phone, consent_sms, consent_whatsapp, consent_viber, consent_email)
       SELECT $1, 'Copy ' || n, '+380501234567', false, false, false, false FROM generate_series(1, 120) n`,
      [company.id],
    );

    // Act
    const diagnostics = await ok(http.get(`/v1/clients/${client.id}/diagnostics`));

    // Assert
    expect(diagnostics.duplicates).toHaveLength(100);
    expect(diagnostics.duplicatesTruncated).toBe(true);
  });

  test('when copy_to_all_locations would create more than 500 rules, then it answers 422 too_many_copies and creates none', async () => {
    // Arrange
    const { http, company } = await newTenant(harness);
    const location = await ok(
      http.post('/v1/locations', { name: 'Main', timezone: 'UTC', workingHours: weekdayHours }),
    );
    await harness.db.query(
      `INSERT INTO locations (company_id, name, timezone, working_hours)
       SELECT $1, 'Branch ' || n, 'UTC', '{}'::jsonb FROM generate_series(1, 501) n`,
      [company.id],
    );
    const template = await ok(http.post('/v1/templates', { name: 'Hi', body: 'Hi' }));
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

    // Act
    const res = await http.post('/v1/notification-rules/bulk', {
      action: 'copy_to_all_locations',
      ruleIds: [rule.id],
    });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'too_many_copies',
      details: { limit: 500, wouldCreate: 501 },
    });
    const { rows } = await harness.db.query(
      'SELECT count(*)::int AS n FROM notification_rules WHERE company_id = $1',
      [company.id],
    );
    expect(rows[0].n).toBe(1);
  });
});
