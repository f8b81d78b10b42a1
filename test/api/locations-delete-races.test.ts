import { createApiHarness, newTenant, weekdayHours, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

describe('DELETE /v1/locations/{id} racing creations that use the location', () => {
  it('when orders and rules are created for a location while it is deleted, then no answer is a 500 and nothing is lost', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const client = await http.post('/v1/clients', { name: 'Olena', phone: '+380501234567' });
    const status = await http.post('/v1/statuses', { entity: 'order', name: 'Received' });
    const template = await http.post('/v1/templates', { name: 'Hi', body: 'Hi {{ client.name }}' });
    const outcomes = new Set<string>();

    for (let round = 0; round < 12; round++) {
      const location = await http.post('/v1/locations', {
        name: `L${round}`,
        timezone: 'UTC',
        workingHours: weekdayHours,
      });
      const locationId = location.body.id as string;

      // Act: one delete against several creations, all at once (the delete sent first or last)
      const remove = () => http.delete(`/v1/locations/${locationId}`);
      const requests = [
        ...Array.from({ length: 3 }, () =>
          http.post('/v1/orders', { clientId: client.body.id, locationId, statusId: status.body.id }),
        ),
        ...Array.from({ length: 3 }, () =>
          http.post('/v1/notification-rules', {
            entity: 'order',
            kind: 'notification',
            locationId,
            trigger: { type: 'order.created' },
            channel: 'sms',
            templateId: template.body.id,
          }),
        ),
      ];
      const answers = await Promise.all(round % 2 === 0 ? [remove(), ...requests] : [...requests, remove()]);
      const deleted = round % 2 === 0 ? answers[0] : answers.at(-1);
      const created = round % 2 === 0 ? answers.slice(1) : answers.slice(0, -1);

      // Assert
      const statuses = [deleted!.status, ...created.map((r) => r.status)];
      expect(statuses.every((s) => s < 500)).toBe(true);
      const accepted = created.filter((r) => r.status === 201);
      if (deleted!.status === 204) {
        // The delete won: every creation was refused as the location not found, none was stored.
        expect(created.map((r) => [r.status, r.body.error?.code])).toEqual(Array(6).fill([404, 'not_found']));
        expect((await http.get(`/v1/locations/${locationId}`)).status).toBe(404);
      } else {
        // A creation won: the delete is a 409, the location and everything created for it remain.
        expect(deleted!.status).toBe(409);
        expect(accepted.length).toBeGreaterThan(0);
        expect((await http.get(`/v1/locations/${locationId}`)).status).toBe(200);
        for (const r of accepted) {
          const url = r.body.kind ? `/v1/notification-rules/${r.body.id}` : `/v1/orders/${r.body.id}`;
          expect((await http.get(url)).status).toBe(200);
        }
      }
      outcomes.add(`${deleted!.status}/${accepted.length}`);
    }
    console.log(`delete status / creations accepted, per round: ${[...outcomes].join(', ')}`);
  });
});

/** Polls until some other session of the test database waits for a row lock (a request reached it). */
async function untilAQueryWaitsForALock() {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { rows } = await harness.db.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows.length > 0) return;
    if (Date.now() > deadline) throw new Error('no request came to wait for the lock');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('DELETE /v1/locations/{id} at the exact moment', () => {
  async function shop() {
    const tenant = await newTenant(harness);
    const { http, company } = tenant;
    const client = await http.post('/v1/clients', { name: 'Olena', phone: '+380501234567' });
    const status = await http.post('/v1/statuses', { entity: 'order', name: 'Received' });
    const template = await http.post('/v1/templates', { name: 'Hi', body: 'Hi {{ client.name }}' });
    const location = await http.post('/v1/locations', {
      name: 'Podil',
      timezone: 'UTC',
      workingHours: weekdayHours,
    });
    const ids = {
      companyId: company.id,
      clientId: client.body.id as string,
      statusId: status.body.id as string,
      templateId: template.body.id as string,
      locationId: location.body.id as string,
    };
    const order = () =>
      http.post('/v1/orders', { clientId: ids.clientId, locationId: ids.locationId, statusId: ids.statusId });
    const rule = () =>
      http.post('/v1/notification-rules', {
        entity: 'order',
        kind: 'notification',
        locationId: ids.locationId,
        trigger: { type: 'order.created' },
        channel: 'sms',
        templateId: ids.templateId,
      });
    return { http, ids, order, rule };
  }

  it('when an order and a rule are being stored as the delete is checking, then the delete answers 409 and both stay', async () => {
    // Arrange: a transaction that has stored an order and a rule for the location but not yet committed
    const { http, ids } = await shop();
    const tx = await harness.db.connect();
    await tx.query('BEGIN');
    await tx.query(
      `INSERT INTO orders (company_id, number, client_id, location_id, status_id) VALUES ($1, 'RACE-1', $2, $3, $4)`,
      [ids.companyId, ids.clientId, ids.locationId, ids.statusId],
    );
    const rule = await tx.query<{ id: string }>(
      `INSERT INTO notification_rules (company_id, entity, kind, location_id, trigger_type, channel, template_id)
       VALUES ($1, 'order', 'notification', $2, 'order.created', 'sms', $3) RETURNING id`,
      [ids.companyId, ids.locationId, ids.templateId],
    );

    // Act
    const deleting = http.delete(`/v1/locations/${ids.locationId}`).then((r) => r);
    await untilAQueryWaitsForALock();
    await tx.query('COMMIT');
    tx.release();
    const deleted = await deleting;

    // Assert
    expect(deleted.status).toBe(409);
    expect(deleted.body.error.code).toBe('location_in_use');
    expect((await http.get(`/v1/notification-rules/${rule.rows[0]!.id}`)).status).toBe(200);
    expect((await http.get(`/v1/locations/${ids.locationId}`)).status).toBe(200);
  });

  it('when an order or a rule is created while the delete is committing, then it answers 404, not 500', async () => {
    // Arrange: the delete has locked and removed the location but not yet committed
    const { order, rule, ids } = await shop();
    const tx = await harness.db.connect();
    await tx.query('BEGIN');
    await tx.query('SELECT 1 FROM locations WHERE id = $1 FOR UPDATE', [ids.locationId]);
    await tx.query('DELETE FROM locations WHERE id = $1', [ids.locationId]);

    // Act: both pass their own existence check (the delete is not visible yet) and wait on the row
    const creating = Promise.all([order().then((r) => r), rule().then((r) => r)]);
    await untilAQueryWaitsForALock();
    await tx.query('COMMIT');
    tx.release();
    const [createdOrder, createdRule] = await creating;

    // Assert
    expect([createdOrder.status, createdRule.status]).toEqual([404, 404]);
    expect(createdOrder.body.error).toMatchObject({ code: 'not_found', message: 'location not found' });
  });
});
