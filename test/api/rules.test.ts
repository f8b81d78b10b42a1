import { createApiHarness, newTenant, weekdayHours, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

type Http = Awaited<ReturnType<typeof newTenant>>['http'];

const closedWeek = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** A tenant's locations (one open on weekdays, one never open), a subject-less template and statuses. */
async function fixtures(http: Http) {
  const post = async (url: string, body: object) => {
    const res = await http.post(url, body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const f = {
    shop: await post('/v1/locations', { name: 'Shop', timezone: 'Europe/Kyiv', workingHours: weekdayHours }),
    closed: await post('/v1/locations', { name: 'Warehouse', timezone: 'UTC', workingHours: closedWeek }),
    template: await post('/v1/templates', { name: 'Ready', body: 'Hi {{client.name}}' }),
    orderStatus: await post('/v1/statuses', { entity: 'order', name: 'Ready' }),
    leadStatus: await post('/v1/statuses', { entity: 'lead', name: 'Qualified' }),
  };
  return {
    ...f,
    orderCreated: {
      entity: 'order',
      kind: 'notification',
      locationId: f.shop,
      trigger: { type: 'order.created' },
      channel: 'sms',
      templateId: f.template,
    },
    reminder: {
      entity: 'order',
      kind: 'reminder',
      locationId: f.shop,
      channel: 'sms',
      templateId: f.template,
      remindBefore: { value: 1, unit: 'days' },
    },
    leadCreated: {
      entity: 'lead',
      kind: 'notification',
      trigger: { type: 'lead.created' },
      channel: 'whatsapp',
      templateId: f.template,
    },
  };
}

const paths = (res: { body: { error: { details: { path: unknown[] }[] } } }) =>
  res.body.error.details.map((d) => d.path);

describe('POST /v1/notification-rules', () => {
  it('when an order notification rule is created with only what it needs, then the defaults are filled in', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const f = await fixtures(http);

    // Act
    const res = await http.post('/v1/notification-rules', f.orderCreated);

    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      entity: 'order',
      kind: 'notification',
      locationId: f.shop,
      trigger: { type: 'order.created', statusId: null },
      channel: 'sms',
      templateId: f.template,
      delay: null,
      workingHoursOnly: false,
      remindBefore: null,
      enabled: true,
      fallback: null,
      debounce: null,
    });
    expect((await http.get(`/v1/notification-rules/${res.body.id}`)).body).toEqual(res.body);
  });

  it('when a status_changed_to rule names an order status with a delay and working hours, then it is stored', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const f = await fixtures(http);

    // Act
    const res = await http.post('/v1/notification-rules', {
      ...f.orderCreated,
      trigger: { type: 'order.status_changed_to', statusId: f.orderStatus },
      delay: { value: 2, unit: 'hours' },
      workingHoursOnly: true,
      enabled: false,
    });

    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      trigger: { type: 'order.status_changed_to', statusId: f.orderStatus },
      delay: { value: 2, unit: 'hours' },
      workingHoursOnly: true,
      enabled: false,
    });
  });

  it('when a reminder rule is created, then its trigger is null and remindBefore is kept', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const f = await fixtures(http);

    // Act
    const res = await http.post('/v1/notification-rules', f.reminder);

    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'reminder',
      trigger: null,
      remindBefore: { value: 1, unit: 'days' },
    });
  });

  it('when a lead rule has a lead status trigger, then it belongs to the company (locationId null)', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const f = await fixtures(http);

    // Act
    const res = await http.post('/v1/notification-rules', {
      ...f.leadCreated,
      trigger: { type: 'lead.status_changed_to', statusId: f.leadStatus },
    });

    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ entity: 'lead', locationId: null, trigger: { statusId: f.leadStatus } });
  });

  it('when options that do not apply are absent, null or false, then the rule is accepted', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const f = await fixtures(http);

    // Act
    const lead = await http.post('/v1/notification-rules', {
      ...f.leadCreated,
      locationId: null,
      workingHoursOnly: false,
      remindBefore: null,
    });
    const reminder = await http.post('/v1/notification-rules', {
      ...f.reminder,
      trigger: null,
      delay: null,
      workingHoursOnly: null,
    });

    // Assert
    expect([lead.status, reminder.status]).toEqual([201, 201]);
    expect(reminder.body.workingHoursOnly).toBe(false);
  });

  it('when an email rule uses a template without a subject, then it is accepted', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const f = await fixtures(http);

    // Act
    const res = await http.post('/v1/notification-rules', { ...f.orderCreated, channel: 'email' });

    // Assert
    expect(res.status).toBe(201);
  });

  type Fixtures = Awaited<ReturnType<typeof fixtures>>;
  const invalid: [string, (f: Fixtures) => object, unknown[]][] = [
    ['an order rule has no locationId', (f) => ({ ...f.orderCreated, locationId: null }), ['locationId']],
    ['a lead rule has a locationId', (f) => ({ ...f.leadCreated, locationId: f.shop }), ['locationId']],
    [
      'a lead rule has an order-only trigger',
      (f) => ({ ...f.leadCreated, trigger: { type: 'order.due_date_changed' } }),
      ['trigger', 'type'],
    ],
    [
      'an order rule has a lead trigger',
      (f) => ({ ...f.orderCreated, trigger: { type: 'lead.created' } }),
      ['trigger', 'type'],
    ],
    [
      'status_changed_to has no statusId',
      (f) => ({ ...f.orderCreated, trigger: { type: 'order.status_changed_to' } }),
      ['trigger', 'statusId'],
    ],
    [
      'another trigger carries a statusId',
      (f) => ({ ...f.orderCreated, trigger: { type: 'order.status_changed', statusId: f.orderStatus } }),
      ['trigger', 'statusId'],
    ],
    ['a notification rule has no trigger', (f) => ({ ...f.orderCreated, trigger: null }), ['trigger']],
    [
      'a notification rule has remindBefore',
      (f) => ({ ...f.orderCreated, remindBefore: { value: 1, unit: 'hours' } }),
      ['remindBefore'],
    ],
    [
      'a lead rule is workingHoursOnly',
      (f) => ({ ...f.leadCreated, workingHoursOnly: true }),
      ['workingHoursOnly'],
    ],
    ['a reminder has a trigger', (f) => ({ ...f.reminder, trigger: { type: 'order.created' } }), ['trigger']],
    ['a reminder has no remindBefore', (f) => ({ ...f.reminder, remindBefore: null }), ['remindBefore']],
    ['a reminder has a delay', (f) => ({ ...f.reminder, delay: { value: 5, unit: 'minutes' } }), ['delay']],
    [
      'a reminder is workingHoursOnly',
      (f) => ({ ...f.reminder, workingHoursOnly: true }),
      ['workingHoursOnly'],
    ],
    ['a reminder is a lead rule', (f) => ({ ...f.reminder, entity: 'lead', locationId: null }), ['kind']],
    ['the channel is unknown', (f) => ({ ...f.orderCreated, channel: 'fax' }), ['channel']],
    [
      'the delay unit is unknown',
      (f) => ({ ...f.orderCreated, delay: { value: 1, unit: 'weeks' } }),
      ['delay', 'unit'],
    ],
    ['the kind is missing', (f) => ({ ...f.orderCreated, kind: undefined }), ['kind']],
  ];
  it.each(invalid)('when %s, then it answers 422 on that field', async (_case, body, path) => {
    // Arrange
    const { http } = await newTenant(harness);
    const f = await fixtures(http);

    // Act
    const res = await http.post('/v1/notification-rules', body(f));

    // Assert
    expect(res.status).toBe(422);
    expect(paths(res)).toContainEqual(path);
    expect((await http.get('/v1/notification-rules')).body.items).toEqual([]);
  });

  it('when status_changed_to names a status of the other entity, then it answers 422 on trigger.statusId', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const f = await fixtures(http);

    // Act
    const orderRule = await http.post('/v1/notification-rules', {
      ...f.orderCreated,
      trigger: { type: 'order.status_changed_to', statusId: f.leadStatus },
    });
    const leadRule = await http.post('/v1/notification-rules', {
      ...f.leadCreated,
      trigger: { type: 'lead.status_changed_to', statusId: f.orderStatus },
    });

    // Assert
    expect([orderRule.status, leadRule.status]).toEqual([422, 422]);
    expect(paths(orderRule)).toEqual([['trigger', 'statusId']]);
    expect(paths(leadRule)).toEqual([['trigger', 'statusId']]);
  });

  it('when workingHoursOnly is set on a location that never opens, then it answers 422', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const f = await fixtures(http);

    // Act
    const res = await http.post('/v1/notification-rules', {
      ...f.orderCreated,
      locationId: f.closed,
      workingHoursOnly: true,
    });
    const withoutOption = await http.post('/v1/notification-rules', {
      ...f.orderCreated,
      locationId: f.closed,
    });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: ['workingHoursOnly'], locationId: f.closed }),
    ]);
    expect(withoutOption.status).toBe(201);
  });

  it("when the location, template or status is another company's or unknown, then it answers 404", async () => {
    // Arrange
    const mine = await newTenant(harness);
    const theirs = await newTenant(harness, 'Other Co');
    const f = await fixtures(mine.http);
    const o = await fixtures(theirs.http);

    // Act
    const results = await Promise.all([
      mine.http.post('/v1/notification-rules', { ...f.orderCreated, locationId: o.shop }),
      mine.http.post('/v1/notification-rules', { ...f.orderCreated, templateId: o.template }),
      mine.http.post('/v1/notification-rules', {
        ...f.orderCreated,
        trigger: { type: 'order.status_changed_to', statusId: o.orderStatus },
      }),
      mine.http.post('/v1/notification-rules', { ...f.leadCreated, templateId: UNKNOWN_ID }),
      mine.http.post('/v1/notification-rules', { ...f.orderCreated, locationId: UNKNOWN_ID }),
    ]);

    // Assert
    expect(results.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    expect((await mine.http.get('/v1/notification-rules')).body.items).toEqual([]);
  });
});

describe('GET /v1/notification-rules', () => {
  it('when filtered by entity and location, then only matching rules of this company are listed', async () => {
    // Arrange
    const mine = await newTenant(harness);
    const theirs = await newTenant(harness, 'Other Co');
    const f = await fixtures(mine.http);
    const o = await fixtures(theirs.http);
    const atShop = (await mine.http.post('/v1/notification-rules', f.orderCreated)).body;
    const atClosed = (
      await mine.http.post('/v1/notification-rules', { ...f.orderCreated, locationId: f.closed })
    ).body;
    const lead = (await mine.http.post('/v1/notification-rules', f.leadCreated)).body;
    await theirs.http.post('/v1/notification-rules', o.orderCreated);

    // Act
    const all = await mine.http.get('/v1/notification-rules');
    const orders = await mine.http.get('/v1/notification-rules?entity=order');
    const leads = await mine.http.get('/v1/notification-rules?entity=lead');
    const shop = await mine.http.get(`/v1/notification-rules?locationId=${f.shop}`);
    const both = await mine.http.get(`/v1/notification-rules?entity=order&locationId=${f.closed}`);
    const foreignLocation = await mine.http.get(`/v1/notification-rules?locationId=${o.shop}`);

    // Assert
    expect(all.body).toEqual({ items: [atShop, atClosed, lead], nextCursor: null });
    expect(orders.body.items).toEqual([atShop, atClosed]);
    expect(leads.body.items).toEqual([lead]);
    expect(shop.body.items).toEqual([atShop]);
    expect(both.body.items).toEqual([atClosed]);
    expect(foreignLocation.body.items).toEqual([]);
  });

  it('when a filter is malformed, then it answers 422 naming it', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.get('/v1/notification-rules?entity=invoice&locationId=nope');

    // Assert
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(expect.arrayContaining([['entity'], ['locationId']]));
  });

  it("when a rule is another company's, then reading it answers 404", async () => {
    // Arrange
    const mine = await newTenant(harness);
    const theirs = await newTenant(harness, 'Other Co');
    const o = await fixtures(theirs.http);
    const foreign = await theirs.http.post('/v1/notification-rules', o.orderCreated);

    // Act
    const res = await mine.http.get(`/v1/notification-rules/${foreign.body.id}`);
    const malformed = await mine.http.get('/v1/notification-rules/123');

    // Assert
    expect([res.status, malformed.status]).toEqual([404, 404]);
  });
});

describe('PATCH /v1/notification-rules/:id', () => {
  it('when enabled is switched off and on, then only enabled changes', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const f = await fixtures(http);
    const rule = (await http.post('/v1/notification-rules', f.orderCreated)).body;

    // Act
    const off = await http.patch(`/v1/notification-rules/${rule.id}`, { enabled: false });
    const on = await http.patch(`/v1/notification-rules/${rule.id}`, { enabled: true });

    // Assert
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ ...rule, enabled: false });
    expect(on.body).toEqual(rule);
  });

  it('when some fields change, then the others are kept and null clears an option', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const f = await fixtures(http);
    const rule = (
      await http.post('/v1/notification-rules', { ...f.orderCreated, delay: { value: 1, unit: 'hours' } })
    ).body;

    // Act
    const res = await http.patch(`/v1/notification-rules/${rule.id}`, {
      channel: 'viber',
      delay: null,
      trigger: { type: 'order.status_changed_to', statusId: f.orderStatus },
    });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...rule,
      channel: 'viber',
      delay: null,
      trigger: { type: 'order.status_changed_to', statusId: f.orderStatus },
    });
  });

  it('when a notification becomes a reminder with everything it needs, then the whole rule is re-validated and kept', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const f = await fixtures(http);
    const rule = (await http.post('/v1/notification-rules', f.orderCreated)).body;

    // Act
    const missing = await http.patch(`/v1/notification-rules/${rule.id}`, { kind: 'reminder' });
    const complete = await http.patch(`/v1/notification-rules/${rule.id}`, {
      kind: 'reminder',
      trigger: null,
      remindBefore: { value: 30, unit: 'minutes' },
    });

    // Assert
    expect(missing.status).toBe(422);
    expect(paths(missing)).toEqual(expect.arrayContaining([['trigger'], ['remindBefore']]));
    expect(complete.status).toBe(200);
    expect(complete.body).toMatchObject({ kind: 'reminder', trigger: null, remindBefore: { value: 30 } });
  });

  it('when the change would make an invalid rule, then it answers 422 and the rule is unchanged', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const f = await fixtures(http);
    const rule = (await http.post('/v1/notification-rules', f.orderCreated)).body;

    // Act
    const toLead = await http.patch(`/v1/notification-rules/${rule.id}`, { entity: 'lead' });
    const closedHours = await http.patch(`/v1/notification-rules/${rule.id}`, {
      locationId: f.closed,
      workingHoursOnly: true,
    });

    // Assert
    expect(toLead.status).toBe(422);
    expect(paths(toLead)).toEqual(expect.arrayContaining([['locationId'], ['trigger', 'type']]));
    expect(closedHours.status).toBe(422);
    expect(paths(closedHours)).toEqual([['workingHoursOnly']]);
    expect((await http.get(`/v1/notification-rules/${rule.id}`)).body).toEqual(rule);
  });

  it('when the location stopped opening, then the rule can still be disabled but not otherwise changed', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const f = await fixtures(http);
    const rule = (await http.post('/v1/notification-rules', { ...f.orderCreated, workingHoursOnly: true }))
      .body;
    // The API refuses to close the location while the rule is on; a race could still get there.
    await harness.db.query('UPDATE locations SET working_hours = $2 WHERE id = $1', [
      f.shop,
      JSON.stringify(closedWeek),
    ]);

    // Act
    const change = await http.patch(`/v1/notification-rules/${rule.id}`, { channel: 'email' });
    const disable = await http.patch(`/v1/notification-rules/${rule.id}`, { enabled: false });
    const enable = await http.patch(`/v1/notification-rules/${rule.id}`, { enabled: true });

    // Assert
    expect(change.status).toBe(422);
    expect(disable.status).toBe(200);
    expect(disable.body.enabled).toBe(false);
    expect(enable.status).toBe(422);
  });

  it("when the rule or the new template is another company's, then it answers 404 and nothing changes", async () => {
    // Arrange
    const mine = await newTenant(harness);
    const theirs = await newTenant(harness, 'Other Co');
    const f = await fixtures(mine.http);
    const o = await fixtures(theirs.http);
    const rule = (await mine.http.post('/v1/notification-rules', f.orderCreated)).body;
    const foreign = (await theirs.http.post('/v1/notification-rules', o.orderCreated)).body;

    // Act
    const foreignRule = await mine.http.patch(`/v1/notification-rules/${foreign.id}`, { enabled: false });
    const foreignTemplate = await mine.http.patch(`/v1/notification-rules/${rule.id}`, {
      templateId: o.template,
    });
    const foreignLocation = await mine.http.patch(`/v1/notification-rules/${rule.id}`, {
      locationId: o.shop,
    });

    // Assert
    expect([foreignRule.status, foreignTemplate.status, foreignLocation.status]).toEqual([404, 404, 404]);
    expect((await theirs.http.get(`/v1/notification-rules/${foreign.id}`)).body.enabled).toBe(true);
    expect((await mine.http.get(`/v1/notification-rules/${rule.id}`)).body).toEqual(rule);
  });
});

describe('DELETE /v1/notification-rules/:id', () => {
  it('when the rule is deleted, then it is gone and its template can be deleted', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const f = await fixtures(http);
    const rule = (await http.post('/v1/notification-rules', f.orderCreated)).body;

    // Act
    const res = await http.delete(`/v1/notification-rules/${rule.id}`);

    // Assert
    expect(res.status).toBe(204);
    expect((await http.get(`/v1/notification-rules/${rule.id}`)).status).toBe(404);
    expect((await http.delete(`/v1/templates/${f.template}`)).status).toBe(204);
  });

  it("when the rule is another company's, then it answers 404 and the rule stays", async () => {
    // Arrange
    const mine = await newTenant(harness);
    const theirs = await newTenant(harness, 'Other Co');
    const o = await fixtures(theirs.http);
    const foreign = (await theirs.http.post('/v1/notification-rules', o.orderCreated)).body;

    // Act
    const res = await mine.http.delete(`/v1/notification-rules/${foreign.id}`);

    // Assert
    expect(res.status).toBe(404);
    expect((await theirs.http.get(`/v1/notification-rules/${foreign.id}`)).status).toBe(200);
  });
});
