import type { EngineStateAnswer } from '../../src/api/deps';
import type { PendingSend } from '../../src/domain/engine-state';
import { initialState } from '../../src/domain/pending-sends';
import { createApiHarness, newTenant, type ApiHarness } from '../support/api-harness';
import { createLocation } from '../support/shop-setup';
import { ok, type TenantHttp } from '../support/tenant-http';

/** What the order's workflow holds in these tests (the engineState query, answered here). */
let workflowState: EngineStateAnswer = 'absent';
let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness({ engineState: async () => workflowState });
});
beforeEach(() => {
  workflowState = 'absent';
});
afterAll(() => harness.close());

const HOUR = 3_600_000;
const DUE = '2030-03-14T10:00:00.000Z'; // a Thursday, noon in Kyiv

/** A Kyiv shop open on weekdays, with Olena (consenting to SMS only) and rules on its one location. */
async function shop(http: TenantHttp) {
  const location = await createLocation(http, 'Podil');
  const status = (entity: string, name: string, final = false) =>
    ok(http.post('/v1/statuses', { entity, name, final }));
  const received = await status('order', 'Received');
  const ready = await status('order', 'Ready for pickup');
  const closed = await status('order', 'Closed', true);
  const leadNew = await status('lead', 'New');
  const leadWon = await status('lead', 'Won');
  const client = await ok(
    http.post('/v1/clients', {
      name: 'Olena',
      phone: '+380501234567',
      email: 'olena@example.com',
      consent: { sms: true },
    }),
  );
  const template = await ok(
    http.post('/v1/templates', {
      name: 'Status',
      subject: 'Order {{order.number}}',
      body: 'Hi {{client.name}}, order {{order.number}} is {{order.status}}, due {{order.dueDate}}.',
    }),
  );
  const rule = (body: object) =>
    ok(
      http.post('/v1/notification-rules', {
        entity: 'order',
        kind: 'notification',
        locationId: location.id,
        channel: 'sms',
        templateId: template.id,
        delay: null,
        workingHoursOnly: false,
        remindBefore: null,
        enabled: true,
        ...body,
      }),
    );
  return { location, received, ready, closed, leadNew, leadWon, client, template, rule };
}

const counts = async () => {
  const tables = ['feed_entries', 'deliveries', 'entity_events', 'outbox_messages', 'orders', 'leads'];
  const result: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await harness.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    result[table] = Number(rows[0]!.n);
  }
  return result;
};

const pending = (
  send: Partial<PendingSend> & Pick<PendingSend, 'ruleId' | 'kind' | 'sendAt'>,
): PendingSend => ({
  key: `${send.ruleId}:${send.kind}`,
  channel: 'sms',
  eventId: 'e0',
  triggerType: null,
  expectedStatusId: null,
  dueDate: null,
  deferred: false,
  ...send,
});

describe('POST /v1/orders/simulate (a new order)', () => {
  it('when rules fire on creation, then it answers each send rendered, each skip with its reason, and stores nothing', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const s = await shop(http);
    const now = await s.rule({ trigger: { type: 'order.created', statusId: null } });
    const byEmail = await s.rule({ trigger: { type: 'order.created', statusId: null }, channel: 'email' });
    const reminder = await s.rule({
      kind: 'reminder',
      trigger: null,
      remindBefore: { value: 1, unit: 'days' },
    });
    const before = await counts();

    // Act
    const res = await http.post('/v1/orders/simulate', {
      clientId: s.client.id,
      locationId: s.location.id,
      statusId: s.received.id,
      number: 'A-1',
      dueDate: DUE,
    });

    // Assert
    expect(res.status).toBe(200);
    const dueInKyiv = '14 Mar 2030, 12:00';
    expect(res.body.sends).toEqual([
      {
        kind: 'notification',
        ruleId: now.id,
        channel: 'sms',
        to: '+380501234567',
        scheduledFor: expect.any(String),
        localTime: expect.stringMatching(/[+-]\d\d:\d\d$/),
        deferred: false,
        subject: null,
        body: `Hi Olena, order A-1 is Received, due ${dueInKyiv}.`,
      },
      {
        kind: 'reminder',
        ruleId: reminder.id,
        channel: 'sms',
        to: '+380501234567',
        scheduledFor: '2030-03-13T10:00:00.000Z',
        localTime: '2030-03-13T12:00:00.000+02:00',
        deferred: false,
        subject: null,
        body: `Hi Olena, order A-1 is Received, due ${dueInKyiv}.`,
      },
    ]);
    expect(Math.abs(Date.parse(res.body.sends[0].scheduledFor) - Date.now())).toBeLessThan(60_000);
    expect(res.body.skipped).toEqual([{ ruleId: byEmail.id, channel: 'email', reason: 'no_consent' }]);
    expect(res.body.cancelled).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('when a rule’s primary channel would be skipped and it has a fallback, then the fallback is a send at the same time, on the fallback channel', async () => {
    // Arrange: Olena consents to SMS only, so an email rule falling back to SMS goes by SMS.
    const { http } = await newTenant(harness);
    const s = await shop(http);
    const rule = await s.rule({
      trigger: { type: 'order.created', statusId: null },
      channel: 'email',
      fallback: { channel: 'sms', after: { value: 15, unit: 'minutes' } },
    });

    // Act
    const res = await http.post('/v1/orders/simulate', {
      clientId: s.client.id,
      locationId: s.location.id,
      statusId: s.received.id,
      number: 'A-2',
    });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.skipped).toEqual([{ ruleId: rule.id, channel: 'email', reason: 'no_consent' }]);
    expect(res.body.sends).toEqual([
      expect.objectContaining({
        kind: 'notification',
        ruleId: rule.id,
        channel: 'sms',
        to: '+380501234567',
        fallbackOf: null,
        body: 'Hi Olena, order A-2 is Received, due .',
      }),
    ]);
  });

  it('when a delayed send falls outside working hours, then it is deferred to the opening, in local time', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const closedAllWeek = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    const s = await shop(http);
    // Open one hour a week, so "now + 1 minute" is almost always outside it.
    await ok(
      http.patch(`/v1/locations/${s.location.id}`, {
        workingHours: { ...closedAllWeek, sun: [{ from: '03:00', to: '04:00' }] },
      }),
    );
    const rule = await s.rule({
      trigger: { type: 'order.created', statusId: null },
      delay: { value: 1, unit: 'minutes' },
      workingHoursOnly: true,
    });

    // Act
    const res = await http.post('/v1/orders/simulate', {
      clientId: s.client.id,
      locationId: s.location.id,
      statusId: s.received.id,
    });

    // Assert
    expect(res.status).toBe(200);
    const [send] = res.body.sends;
    expect(send).toEqual(expect.objectContaining({ ruleId: rule.id, kind: 'notification' }));
    expect(send.localTime).toMatch(/T03:00:00\.000\+0[23]:00$/);
    expect(send.deferred).toBe(Date.parse(send.scheduledFor) - Date.now() > 2 * 60_000);
  });

  it('when no number is given, then the message shows the number the order would get, and the counter stays', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const s = await shop(http);
    await s.rule({ trigger: { type: 'order.created', statusId: null } });
    const input = { clientId: s.client.id, locationId: s.location.id, statusId: s.received.id };

    // Act
    const first = await http.post('/v1/orders/simulate', input);
    const again = await http.post('/v1/orders/simulate', input);
    const created = await ok(http.post('/v1/orders', input));

    // Assert
    expect(first.body.sends[0].body).toBe(`Hi Olena, order ${created.number} is Received, due .`);
    expect(again.body.sends[0].body).toBe(first.body.sends[0].body);
  });

  it("when a field is wrong or missing, then 422 names it; another company's client is 404", async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const s = await shop(http);
    const other = await shop((await newTenant(harness)).http);
    const valid = { clientId: s.client.id, locationId: s.location.id, statusId: s.received.id };

    // Act
    const missing = await http.post('/v1/orders/simulate', {
      locationId: s.location.id,
      statusId: s.received.id,
    });
    const badDate = await http.post('/v1/orders/simulate', { ...valid, dueDate: 'tomorrow' });
    const leadStatus = await http.post('/v1/orders/simulate', { ...valid, statusId: s.leadNew.id });
    const foreign = await http.post('/v1/orders/simulate', { ...valid, clientId: other.client.id });

    // Assert
    expect(missing.status).toBe(422);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: ['clientId'] })]);
    expect(badDate.status).toBe(422);
    expect(badDate.body.error.details).toEqual([expect.objectContaining({ path: ['dueDate'] })]);
    expect(leadStatus.status).toBe(422);
    expect(leadStatus.body.error.details).toEqual([expect.objectContaining({ path: ['statusId'] })]);
    expect(foreign.status).toBe(404);
  });
});

describe('POST /v1/orders/{id}/simulate', () => {
  it('when the order is closed, then its pending sends are cancelled with their reasons and the closing rule sends', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const s = await shop(http);
    const whenReady = await s.rule({
      trigger: { type: 'order.status_changed_to', statusId: s.ready.id },
      delay: { value: 2, unit: 'hours' },
    });
    const whenClosed = await s.rule({ trigger: { type: 'order.status_changed_to', statusId: s.closed.id } });
    const reminder = await s.rule({
      kind: 'reminder',
      trigger: null,
      remindBefore: { value: 1, unit: 'days' },
    });
    const order = await ok(
      http.post('/v1/orders', {
        clientId: s.client.id,
        locationId: s.location.id,
        statusId: s.ready.id,
        number: 'B-2',
        dueDate: DUE,
      }),
    );
    const readyAt = new Date(Date.now() + 2 * HOUR).toISOString();
    workflowState = {
      ...initialState(),
      statusId: s.ready.id,
      dueDate: DUE,
      pending: [
        pending({
          ruleId: whenReady.id,
          kind: 'notification',
          sendAt: readyAt,
          triggerType: 'order.status_changed_to',
          expectedStatusId: s.ready.id,
        }),
        pending({
          ruleId: reminder.id,
          kind: 'reminder',
          sendAt: '2030-03-13T10:00:00.000Z',
          key: `${reminder.id}:reminder:${DUE}`,
          dueDate: DUE,
        }),
      ],
    };
    const before = await counts();

    // Act
    const res = await http.post(`/v1/orders/${order.id}/simulate`, { statusId: s.closed.id });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.sends).toEqual([
      expect.objectContaining({
        ruleId: whenClosed.id,
        kind: 'notification',
        body: 'Hi Olena, order B-2 is Closed, due 14 Mar 2030, 12:00.',
      }),
    ]);
    expect(res.body.cancelled).toEqual([
      { ruleId: whenReady.id, kind: 'notification', scheduledFor: readyAt, reason: 'stale_status' },
      {
        ruleId: reminder.id,
        kind: 'reminder',
        scheduledFor: '2030-03-13T10:00:00.000Z',
        reason: 'order_closed',
      },
    ]);
    expect(res.body.skipped).toEqual([]);
    expect(await counts()).toEqual(before);
    expect((await http.get(`/v1/orders/${order.id}`)).body.statusId).toBe(s.ready.id);
  });

  it('when the due date moves, then the reminder is sent at the new time; a time already passed is skipped', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const s = await shop(http);
    const reminder = await s.rule({
      kind: 'reminder',
      trigger: null,
      remindBefore: { value: 2, unit: 'days' },
    });
    const order = await ok(
      http.post('/v1/orders', { clientId: s.client.id, locationId: s.location.id, statusId: s.received.id }),
    );
    const soon = new Date(Date.now() + HOUR).toISOString();

    // Act
    const moved = await http.post(`/v1/orders/${order.id}/simulate`, { dueDate: DUE });
    const passed = await http.post(`/v1/orders/${order.id}/simulate`, { dueDate: soon });
    const same = await http.post(`/v1/orders/${order.id}/simulate`, { statusId: s.received.id });

    // Assert
    expect(moved.body.sends).toEqual([
      expect.objectContaining({
        kind: 'reminder',
        ruleId: reminder.id,
        scheduledFor: '2030-03-12T10:00:00.000Z',
      }),
    ]);
    expect(passed.body).toEqual({
      sends: [],
      skipped: [{ ruleId: reminder.id, channel: 'sms', reason: 'reminder_time_passed' }],
      cancelled: [],
    });
    expect(same.body).toEqual({ sends: [], skipped: [], cancelled: [] });
  });

  it('when the workflow cannot be asked, then 503; unknown fields and ids are 422 and 404', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const s = await shop(http);
    const order = await ok(
      http.post('/v1/orders', { clientId: s.client.id, locationId: s.location.id, statusId: s.received.id }),
    );
    workflowState = null;

    // Act
    const unavailable = await http.post(`/v1/orders/${order.id}/simulate`, { statusId: s.ready.id });
    const unknownField = await http.post(`/v1/orders/${order.id}/simulate`, { status: s.ready.id });
    const unknownOrder = await http.post(`/v1/orders/${s.client.id}/simulate`, { statusId: s.ready.id });

    // Assert
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.error.code).toBe('engine_unavailable');
    expect(unknownField.status).toBe(422);
    expect(unknownField.body.error.details).toEqual([expect.objectContaining({ path: ['status'] })]);
    expect(unknownOrder.status).toBe(404);
  });
});

describe('POST /v1/leads/{id}/simulate', () => {
  it('when the lead reaches a status with a rule, then that rule sends in UTC (leads have no location)', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const s = await shop(http);
    const template = await ok(
      http.post('/v1/templates', { name: 'Lead', body: 'Lead {{lead.number}}: {{lead.status}}' }),
    );
    const rule = await ok(
      http.post('/v1/notification-rules', {
        entity: 'lead',
        kind: 'notification',
        trigger: { type: 'lead.status_changed_to', statusId: s.leadWon.id },
        channel: 'sms',
        templateId: template.id,
      }),
    );
    const lead = await ok(
      http.post('/v1/leads', { clientId: s.client.id, statusId: s.leadNew.id, number: 'L-1' }),
    );

    // Act
    const res = await http.post(`/v1/leads/${lead.id}/simulate`, { statusId: s.leadWon.id });
    const missing = await http.post(`/v1/leads/${lead.id}/simulate`, {});

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.sends).toEqual([
      expect.objectContaining({
        ruleId: rule.id,
        body: 'Lead L-1: Won',
        localTime: expect.stringMatching(/Z$|\+00:00$/),
      }),
    ]);
    expect(missing.status).toBe(422);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: ['statusId'] })]);
  });
});
