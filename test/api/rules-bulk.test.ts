import { createApiHarness, newTenant, weekdayHours, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

type Http = Awaited<ReturnType<typeof newTenant>>['http'];
interface RuleBody {
  id: string;
  locationId: string | null;
  [field: string]: unknown;
}

const closedWeek = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Three open locations, two templates, and helpers to make rules and read them all back. */
async function tenantWithRules(name = 'Fixit Repairs') {
  const { http } = await newTenant(harness, name);
  const id = async (url: string, body: object) => {
    const res = await http.post(url, body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const location = (n: string) =>
    id('/v1/locations', { name: n, timezone: 'Europe/Kyiv', workingHours: weekdayHours });
  const [a, b, c] = [await location('A'), await location('B'), await location('C')];
  const template = await id('/v1/templates', { name: 'Ready', body: 'Hi {{client.name}}' });
  const otherTemplate = await id('/v1/templates', { name: 'Done', body: 'Bye {{client.name}}' });
  const orderRule = async (locationId: string, extra: object = {}): Promise<RuleBody> => {
    const res = await http.post('/v1/notification-rules', {
      entity: 'order',
      kind: 'notification',
      locationId,
      trigger: { type: 'order.created' },
      channel: 'sms',
      templateId: template,
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const leadRule = async (): Promise<RuleBody> =>
    (
      await http.post('/v1/notification-rules', {
        entity: 'lead',
        kind: 'notification',
        trigger: { type: 'lead.created' },
        channel: 'sms',
        templateId: template,
      })
    ).body;
  const allRules = async (): Promise<RuleBody[]> => (await http.get('/v1/notification-rules')).body.items;
  return { http, a, b, c, template, otherTemplate, orderRule, leadRule, allRules };
}

/** Copies made in one request share a created_at, so the list orders them among themselves by id. */
const byLocation = (rules: RuleBody[]) =>
  [...rules].sort((x, y) => String(x.locationId).localeCompare(String(y.locationId)));

const bulk = (http: Http, body: object) => http.post('/v1/notification-rules/bulk', body);

describe('POST /v1/notification-rules/bulk delete', () => {
  it('when rules are deleted, then affected counts them, rules is empty and they are gone', async () => {
    // Arrange
    const t = await tenantWithRules();
    const [r1, r2, keep] = [await t.orderRule(t.a), await t.leadRule(), await t.orderRule(t.b)];

    // Act
    const res = await bulk(t.http, { action: 'delete', ruleIds: [r1.id, r2.id, r1.id] });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ affected: 2, rules: [] });
    expect(await t.allRules()).toEqual([keep]);
  });

  it("when one id is another company's, then it answers 404 naming it and nothing is deleted", async () => {
    // Arrange
    const t = await tenantWithRules();
    const other = await tenantWithRules('Other Co');
    const [mine, theirs] = [await t.orderRule(t.a), await other.orderRule(other.a)];

    // Act
    const res = await bulk(t.http, { action: 'delete', ruleIds: [mine.id, theirs.id] });

    // Assert
    expect(res.status).toBe(404);
    expect(res.body.error.details).toEqual({ missingRuleIds: [theirs.id] });
    expect(await t.allRules()).toEqual([mine]);
    expect(await other.allRules()).toEqual([theirs]);
  });
});

describe('POST /v1/notification-rules/bulk set_template and set_channel', () => {
  it('when the template is set, then the changed rules are returned and a repeat changes nothing', async () => {
    // Arrange
    const t = await tenantWithRules();
    const r1 = await t.orderRule(t.a);
    const already = await t.orderRule(t.b, { templateId: t.otherTemplate });

    // Act
    const res = await bulk(t.http, {
      action: 'set_template',
      ruleIds: [r1.id, already.id],
      templateId: t.otherTemplate,
    });
    const repeat = await bulk(t.http, {
      action: 'set_template',
      ruleIds: [r1.id, already.id],
      templateId: t.otherTemplate,
    });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ affected: 1, rules: [{ ...r1, templateId: t.otherTemplate }] });
    expect(repeat.body).toEqual({ affected: 0, rules: [] });
    expect((await t.allRules()).map((r) => r.templateId)).toEqual([t.otherTemplate, t.otherTemplate]);
  });

  it('when the channel is set, then every rule gets it and keeps everything else', async () => {
    // Arrange
    const t = await tenantWithRules();
    const [r1, r2] = [await t.orderRule(t.a), await t.leadRule()];

    // Act
    const res = await bulk(t.http, { action: 'set_channel', ruleIds: [r1.id, r2.id], channel: 'email' });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      affected: 2,
      rules: [
        { ...r1, channel: 'email' },
        { ...r2, channel: 'email' },
      ],
    });
    expect(await t.allRules()).toEqual(res.body.rules);
  });

  it("when the template is another company's, then it answers 404 and no rule changes", async () => {
    // Arrange
    const t = await tenantWithRules();
    const other = await tenantWithRules('Other Co');
    const rule = await t.orderRule(t.a);

    // Act
    const res = await bulk(t.http, {
      action: 'set_template',
      ruleIds: [rule.id],
      templateId: other.template,
    });

    // Assert
    expect(res.status).toBe(404);
    expect(await t.allRules()).toEqual([rule]);
  });

  it('when one id is unknown, then it answers 404 and no rule changes', async () => {
    // Arrange
    const t = await tenantWithRules();
    const rule = await t.orderRule(t.a);

    // Act
    const res = await bulk(t.http, {
      action: 'set_channel',
      ruleIds: [rule.id, UNKNOWN_ID],
      channel: 'viber',
    });

    // Assert
    expect(res.status).toBe(404);
    expect(res.body.error.details.missingRuleIds).toEqual([UNKNOWN_ID]);
    expect(await t.allRules()).toEqual([rule]);
  });
});

describe('POST /v1/notification-rules/bulk request validation', () => {
  const valid = { action: 'delete', ruleIds: [UNKNOWN_ID] };
  it.each([
    ['the action is unknown', { ...valid, action: 'archive' }, ['action']],
    ['ruleIds is empty', { ...valid, ruleIds: [] }, ['ruleIds']],
    ['ruleIds has more than 500 ids', { ...valid, ruleIds: Array(501).fill(UNKNOWN_ID) }, ['ruleIds']],
    ['a rule id is not a uuid', { ...valid, ruleIds: [UNKNOWN_ID, 'x'] }, ['ruleIds', 1]],
    ['set_template has no templateId', { ...valid, action: 'set_template' }, ['templateId']],
    ['set_channel has no channel', { ...valid, action: 'set_channel', templateId: null }, ['channel']],
    ['set_channel has an unknown channel', { ...valid, action: 'set_channel', channel: 'fax' }, ['channel']],
    ['delete is given a channel', { ...valid, channel: 'sms' }, ['channel']],
  ])('when %s, then it answers 422 on that field', async (_case, body, path) => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await bulk(http, body);

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: unknown[] }) => d.path)).toContainEqual(path);
  });
});

describe('POST /v1/notification-rules/bulk copy_to_all_locations', () => {
  it('when an order rule is copied, then each other location gets a copy with everything else the same', async () => {
    // Arrange
    const t = await tenantWithRules();
    const rule = await t.orderRule(t.a, {
      delay: { value: 15, unit: 'minutes' },
      workingHoursOnly: true,
      enabled: false,
    });

    // Act
    const res = await bulk(t.http, { action: 'copy_to_all_locations', ruleIds: [rule.id] });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      affected: 2,
      rules: [
        { ...rule, id: expect.any(String), locationId: t.b },
        { ...rule, id: expect.any(String), locationId: t.c },
      ],
    });
    expect(byLocation(await t.allRules())).toEqual(byLocation([rule, ...res.body.rules]));
  });

  it('when the copy is repeated, from the original or from a copy, then nothing new is created', async () => {
    // Arrange
    const t = await tenantWithRules();
    const rule = await t.orderRule(t.a);
    const first = await bulk(t.http, { action: 'copy_to_all_locations', ruleIds: [rule.id] });

    // Act
    const again = await bulk(t.http, { action: 'copy_to_all_locations', ruleIds: [rule.id] });
    const fromCopies = await bulk(t.http, {
      action: 'copy_to_all_locations',
      ruleIds: first.body.rules.map((r: RuleBody) => r.id),
    });

    // Assert
    expect(first.body.affected).toBe(2);
    expect(again.body).toEqual({ affected: 0, rules: [] });
    expect(fromCopies.body).toEqual({ affected: 0, rules: [] });
    expect((await t.allRules()).map((r) => r.locationId).sort()).toEqual([t.a, t.b, t.c].sort());
  });

  it('when a location is added later, then a repeated copy fills only that location', async () => {
    // Arrange
    const t = await tenantWithRules();
    const rule = await t.orderRule(t.a);
    await bulk(t.http, { action: 'copy_to_all_locations', ruleIds: [rule.id] });
    const d = (await t.http.post('/v1/locations', { name: 'D', timezone: 'UTC', workingHours: weekdayHours }))
      .body.id;

    // Act
    const res = await bulk(t.http, { action: 'copy_to_all_locations', ruleIds: [rule.id] });

    // Assert
    expect(res.body).toEqual({ affected: 1, rules: [expect.objectContaining({ locationId: d })] });
  });

  it('when the same copy is requested twice at once, then each location still gets one copy', async () => {
    // Arrange
    const t = await tenantWithRules();
    const rule = await t.orderRule(t.a);

    // Act
    const [one, two] = await Promise.all([
      bulk(t.http, { action: 'copy_to_all_locations', ruleIds: [rule.id] }),
      bulk(t.http, { action: 'copy_to_all_locations', ruleIds: [rule.id] }),
    ]);

    // Assert
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(one.body.affected + two.body.affected).toBe(2);
    expect((await t.allRules()).map((r) => r.locationId).sort()).toEqual([t.a, t.b, t.c].sort());
  });

  it('when the set holds a lead rule, then it answers 422 on that id and nothing is copied', async () => {
    // Arrange
    const t = await tenantWithRules();
    const [order, lead] = [await t.orderRule(t.a), await t.leadRule()];

    // Act
    const res = await bulk(t.http, { action: 'copy_to_all_locations', ruleIds: [order.id, lead.id] });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: ['ruleIds', 1], ruleId: lead.id }),
    ]);
    expect(await t.allRules()).toEqual([order, lead]);
  });

  it('when a working-hours-only rule would be copied to a location that never opens, then nothing is copied', async () => {
    // Arrange
    const t = await tenantWithRules();
    const plain = await t.orderRule(t.a);
    const hoursOnly = await t.orderRule(t.a, { workingHoursOnly: true });
    const closed = (
      await t.http.post('/v1/locations', { name: 'Closed', timezone: 'UTC', workingHours: closedWeek })
    ).body.id;

    // Act
    const res = await bulk(t.http, { action: 'copy_to_all_locations', ruleIds: [plain.id, hoursOnly.id] });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: ['ruleIds', 1], ruleId: hoursOnly.id, locationId: closed }),
    ]);
    expect(await t.allRules()).toEqual([plain, hoursOnly]);
  });

  it("when one id is another company's, then it answers 404 and nothing is copied", async () => {
    // Arrange
    const t = await tenantWithRules();
    const other = await tenantWithRules('Other Co');
    const [mine, theirs] = [await t.orderRule(t.a), await other.orderRule(other.a)];

    // Act
    const res = await bulk(t.http, { action: 'copy_to_all_locations', ruleIds: [mine.id, theirs.id] });

    // Assert
    expect(res.status).toBe(404);
    expect(await t.allRules()).toEqual([mine]);
    expect(await other.allRules()).toEqual([theirs]);
  });
});
