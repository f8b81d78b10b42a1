import { createApiHarness, newTenant, weekdayHours, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

type Http = Awaited<ReturnType<typeof newTenant>>['http'];

/** A location, a template and an order status, plus rule bodies to start from. */
async function fixtures(http: Http) {
  const post = async (url: string, body: object) => {
    const res = await http.post(url, body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const shop = await post('/v1/locations', {
    name: 'Shop',
    timezone: 'Europe/Kyiv',
    workingHours: weekdayHours,
  });
  const template = await post('/v1/templates', { name: 'Ready', body: 'Hi {{client.name}}' });
  const ready = await post('/v1/statuses', { entity: 'order', name: 'Ready' });
  const order = { entity: 'order', locationId: shop, channel: 'sms', templateId: template };
  return {
    statusChanged: { ...order, kind: 'notification', trigger: { type: 'order.status_changed' } },
    statusChangedTo: {
      ...order,
      kind: 'notification',
      trigger: { type: 'order.status_changed_to', statusId: ready },
    },
    orderCreated: { ...order, kind: 'notification', trigger: { type: 'order.created' } },
    reminder: { ...order, kind: 'reminder', remindBefore: { value: 1, unit: 'days' } },
    leadCreated: {
      entity: 'lead',
      kind: 'notification',
      trigger: { type: 'lead.created' },
      channel: 'whatsapp',
      templateId: template,
    },
  };
}

const details = (res: { body: { error: { details: { path: unknown[] }[] } } }) =>
  res.body.error.details.map((d) => d.path);
const toEmail = { channel: 'email', after: { value: 15, unit: 'minutes' } };

describe('notification rules: fallback', () => {
  it('when a rule is created without a fallback or debounce, then both are null', async () => {
    const { http } = await newTenant(harness);
    const f = await fixtures(http);

    const res = await http.post('/v1/notification-rules', f.orderCreated);

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fallback: null, debounce: null });
  });

  it.each([
    ['an order notification rule', 'orderCreated'],
    ['a reminder rule', 'reminder'],
    ['a lead rule', 'leadCreated'],
  ] as const)(
    'when %s gets a fallback on another channel, then it is stored and read back',
    async (_what, key) => {
      // Arrange
      const { http } = await newTenant(harness);
      const f = await fixtures(http);

      // Act
      const created = await http.post('/v1/notification-rules', { ...f[key], fallback: toEmail });
      const read = await http.get(`/v1/notification-rules/${created.body.id}`);

      // Assert
      expect(created.status).toBe(201);
      expect(read.body.fallback).toEqual(toEmail);
    },
  );

  it('when the fallback channel is the rule’s own channel, then it answers 422 on fallback.channel', async () => {
    const { http } = await newTenant(harness);
    const f = await fixtures(http);

    const res = await http.post('/v1/notification-rules', {
      ...f.orderCreated,
      fallback: { channel: 'sms', after: { value: 1, unit: 'hours' } },
    });

    expect(res.status).toBe(422);
    expect(details(res)).toEqual([['fallback', 'channel']]);
  });

  it.each([
    [
      'an unknown channel',
      { channel: 'pigeon', after: { value: 1, unit: 'hours' } },
      ['fallback', 'channel'],
    ],
    ['no after', { channel: 'email' }, ['fallback', 'after']],
    [
      'an unknown unit',
      { channel: 'email', after: { value: 1, unit: 'weeks' } },
      ['fallback', 'after', 'unit'],
    ],
    ['a zero wait', { channel: 'email', after: { value: 0, unit: 'hours' } }, ['fallback', 'after', 'value']],
    ['an unknown field', { ...toEmail, retries: 3 }, ['fallback', 'retries']],
  ])('when the fallback has %s, then it answers 422 naming the field', async (_what, fallback, path) => {
    const { http } = await newTenant(harness);
    const f = await fixtures(http);

    const res = await http.post('/v1/notification-rules', { ...f.orderCreated, fallback });

    expect(res.status).toBe(422);
    expect(details(res)).toContainEqual(path);
  });

  it('when a PATCH moves the rule onto its fallback channel, then it answers 422 and the rule is unchanged', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const f = await fixtures(http);
    const rule = (await http.post('/v1/notification-rules', { ...f.orderCreated, fallback: toEmail })).body;

    // Act
    const res = await http.patch(`/v1/notification-rules/${rule.id}`, { channel: 'email' });

    // Assert
    expect(res.status).toBe(422);
    expect(details(res)).toEqual([['fallback', 'channel']]);
    expect((await http.get(`/v1/notification-rules/${rule.id}`)).body.channel).toBe('sms');
  });

  it('when a PATCH sets the fallback to null, then the rule has none', async () => {
    const { http } = await newTenant(harness);
    const f = await fixtures(http);
    const rule = (await http.post('/v1/notification-rules', { ...f.orderCreated, fallback: toEmail })).body;

    const res = await http.patch(`/v1/notification-rules/${rule.id}`, { fallback: null });

    expect(res.status).toBe(200);
    expect(res.body.fallback).toBeNull();
  });

  it('when a bulk set_channel would put a rule on its fallback channel, then nothing changes and it answers 422 with the rule', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const f = await fixtures(http);
    const plain = (await http.post('/v1/notification-rules', f.orderCreated)).body;
    const withFallback = (await http.post('/v1/notification-rules', { ...f.orderCreated, fallback: toEmail }))
      .body;

    // Act
    const res = await http.post('/v1/notification-rules/bulk', {
      action: 'set_channel',
      ruleIds: [plain.id, withFallback.id],
      channel: 'email',
    });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: ['ruleIds', 1], ruleId: withFallback.id }),
    ]);
    expect((await http.get(`/v1/notification-rules/${plain.id}`)).body.channel).toBe('sms');
  });
});

describe('notification rules: debounce', () => {
  it.each(['statusChanged', 'statusChangedTo'] as const)(
    'when a %s rule gets a debounce, then it is stored and read back',
    async (key) => {
      const { http } = await newTenant(harness);
      const f = await fixtures(http);

      const created = await http.post('/v1/notification-rules', {
        ...f[key],
        debounce: { value: 2, unit: 'minutes' },
      });

      expect(created.status).toBe(201);
      expect((await http.get(`/v1/notification-rules/${created.body.id}`)).body.debounce).toEqual({
        value: 2,
        unit: 'minutes',
      });
    },
  );

  it.each(['orderCreated', 'reminder', 'leadCreated'] as const)(
    'when a %s rule gets a debounce, then it answers 422 on debounce',
    async (key) => {
      const { http } = await newTenant(harness);
      const f = await fixtures(http);

      const res = await http.post('/v1/notification-rules', {
        ...f[key],
        debounce: { value: 2, unit: 'minutes' },
      });

      expect(res.status).toBe(422);
      expect(details(res)).toContainEqual(['debounce']);
    },
  );

  it.each(['orderCreated', 'reminder', 'leadCreated'] as const)(
    'when a %s rule has debounce null, then it is accepted (an option that does not apply may be null)',
    async (key) => {
      const { http } = await newTenant(harness);
      const f = await fixtures(http);

      const res = await http.post('/v1/notification-rules', { ...f[key], debounce: null });

      expect(res.status).toBe(201);
    },
  );

  it('when the debounce has a bad unit or value, then it answers 422 naming the field', async () => {
    const { http } = await newTenant(harness);
    const f = await fixtures(http);

    const res = await http.post('/v1/notification-rules', {
      ...f.statusChanged,
      debounce: { value: -1, unit: 'ages' },
    });

    expect(res.status).toBe(422);
    expect(details(res)).toEqual(
      expect.arrayContaining([
        ['debounce', 'value'],
        ['debounce', 'unit'],
      ]),
    );
  });

  it('when a debouncing rule’s trigger is patched to order.created, then it answers 422 on debounce', async () => {
    const { http } = await newTenant(harness);
    const f = await fixtures(http);
    const rule = (
      await http.post('/v1/notification-rules', {
        ...f.statusChanged,
        debounce: { value: 2, unit: 'minutes' },
      })
    ).body;

    const res = await http.patch(`/v1/notification-rules/${rule.id}`, { trigger: { type: 'order.created' } });

    expect(res.status).toBe(422);
    expect(details(res)).toEqual([['debounce']]);
  });
});
