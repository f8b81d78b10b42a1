import { insertFeedEntry } from '../../src/db/repositories/feed-repository';
import { createApiHarness, newTenant, weekdayHours, type ApiHarness } from '../support/api-harness';
import { fanoutsDone } from '../support/fanout';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

type Tenant = Awaited<ReturnType<typeof newTenant>>;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

/** A shop with two locations, open and closed order statuses, a client and a template. */
async function shop(tenant: Tenant) {
  const { http } = tenant;
  const id = async (url: string, body: object) => {
    const res = await http.post(url, body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const location = () => ({ timezone: 'Europe/Kyiv', workingHours: weekdayHours });
  const s = {
    main: await id('/v1/locations', { name: 'Main', ...location() }),
    branch: await id('/v1/locations', { name: 'Branch', ...location() }),
    open: await id('/v1/statuses', { entity: 'order', name: 'In repair' }),
    done: await id('/v1/statuses', { entity: 'order', name: 'Closed', final: true }),
    leadNew: await id('/v1/statuses', { entity: 'lead', name: 'New' }),
    client: await id('/v1/clients', { name: 'Olena', phone: '+380501234567' }),
    template: await id('/v1/templates', { name: 'Reminder', body: 'See you {{order.dueDate}}' }),
  };
  const order = (locationId: string, statusId: string, dueDate: string | null) =>
    id('/v1/orders', { clientId: s.client, locationId, statusId, dueDate });
  const reminder = (locationId: string) => ({
    entity: 'order',
    kind: 'reminder',
    locationId,
    channel: 'sms',
    templateId: s.template,
    remindBefore: { value: 1, unit: 'days' },
  });
  return { ...s, order, reminder };
}

/** The company's rules_changed events, once every fan-out of its rule changes is written out. */
async function rulesChangedEvents(companyId: string) {
  await fanoutsDone(harness.db, companyId);
  const { rows } = await harness.db.query(
    `SELECT entity_id, type, payload FROM entity_events
      WHERE company_id = $1 AND type LIKE '%.rules_changed' ORDER BY seq`,
    [companyId],
  );
  return rows as Array<{ entity_id: string; type: string; payload: { event: Record<string, unknown> } }>;
}

describe('rule changes are announced to the open orders and leads they concern (in the background)', () => {
  test('when a reminder rule is created, then only the open orders of its location with a due date ahead hear of it, with their current state', async () => {
    // Arrange
    const tenant = await newTenant(harness);
    const other = await newTenant(harness, 'Other Repairs');
    const s = await shop(tenant);
    const o = await shop(other);
    const due = inDays(3);
    const concerned = await s.order(s.main, s.open, due);
    await s.order(s.main, s.done, inDays(3)); // closed
    await s.order(s.main, s.open, null); // no due date
    await s.order(s.main, s.open, inDays(-1)); // due date passed
    await s.order(s.branch, s.open, inDays(3)); // another location
    await o.order(o.main, o.open, inDays(3)); // another company

    // Act
    const res = await tenant.http.post('/v1/notification-rules', s.reminder(s.main));

    // Assert
    expect(res.status).toBe(201);
    const events = await rulesChangedEvents(tenant.company.id);
    expect(events.map((e) => [e.entity_id, e.type])).toEqual([[concerned, 'order.rules_changed']]);
    expect(events[0]!.payload.event).toMatchObject({ statusId: s.open, dueDate: due, entity: 'order' });
    expect(await rulesChangedEvents(other.company.id)).toEqual([]);
  });

  test('when a reminder rule is disabled and then its template changes, then the disabling is announced and the template change is not', async () => {
    // Arrange
    const tenant = await newTenant(harness);
    const s = await shop(tenant);
    const rule = (await tenant.http.post('/v1/notification-rules', s.reminder(s.main))).body;
    const order = await s.order(s.main, s.open, inDays(3));
    const template = (await tenant.http.post('/v1/templates', { name: 'Other', body: 'Hi' })).body;

    // Act
    await tenant.http.patch(`/v1/notification-rules/${rule.id}`, { enabled: false });
    await tenant.http.patch(`/v1/notification-rules/${rule.id}`, { templateId: template.id });

    // Assert
    expect((await rulesChangedEvents(tenant.company.id)).map((e) => e.entity_id)).toEqual([order]);
  });

  test('when a delayed notification rule is deleted, then the orders and leads with a send of it scheduled hear of it', async () => {
    // Arrange
    const tenant = await newTenant(harness);
    const s = await shop(tenant);
    const rule = (
      await tenant.http.post('/v1/notification-rules', {
        entity: 'lead',
        kind: 'notification',
        trigger: { type: 'lead.created' },
        channel: 'sms',
        templateId: s.template,
        delay: { value: 1, unit: 'hours' },
      })
    ).body;
    const lead = (await tenant.http.post('/v1/leads', { clientId: s.client, statusId: s.leadNew })).body;
    await tenant.http.post('/v1/leads', { clientId: s.client, statusId: s.leadNew }); // nothing scheduled
    // What the lead's workflow writes when it schedules the send.
    await insertFeedEntry(harness.db, {
      companyId: tenant.company.id,
      entity: 'lead',
      entityId: lead.id,
      type: 'notification.scheduled',
      ruleId: rule.id,
      channel: 'sms',
      scheduledFor: inDays(1 / 24),
    });

    // Act
    const res = await tenant.http.delete(`/v1/notification-rules/${rule.id}`);

    // Assert
    expect(res.status).toBe(204);
    expect((await rulesChangedEvents(tenant.company.id)).map((e) => [e.entity_id, e.type])).toEqual([
      [lead.id, 'lead.rules_changed'],
    ]);
  });

  test('when a bulk action fails, then no rule changes and nothing is announced', async () => {
    // Arrange
    const tenant = await newTenant(harness);
    const s = await shop(tenant);
    const rule = (await tenant.http.post('/v1/notification-rules', s.reminder(s.main))).body;
    await s.order(s.main, s.open, inDays(3));
    const before = await rulesChangedEvents(tenant.company.id);

    // Act
    const res = await tenant.http.post('/v1/notification-rules/bulk', {
      action: 'delete',
      ruleIds: [rule.id, '00000000-0000-4000-8000-000000000000'],
    });

    // Assert
    expect(res.status).toBe(404);
    expect(await rulesChangedEvents(tenant.company.id)).toEqual(before);
    expect((await tenant.http.get(`/v1/notification-rules/${rule.id}`)).status).toBe(200);
  });
});
