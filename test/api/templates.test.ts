import { createApiHarness, newTenant, weekdayHours, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

type Http = Awaited<ReturnType<typeof newTenant>>['http'];

const readyTemplate = {
  name: 'Ready for pickup',
  subject: 'Order {{order.number}} is ready',
  body: 'Hi {{client.name}}, your order {{order.number}} is ready at {{location.name}}.',
};

/** A client with an order at a Kyiv location, and a lead, through the public API. */
async function orderAndLead(http: Http) {
  const client = await http.post('/v1/clients', { name: 'Olena Petrenko', email: 'olena@example.com' });
  const location = await http.post('/v1/locations', {
    name: 'Podil',
    timezone: 'Europe/Kyiv',
    address: 'Khoryva St 1',
    phone: '+380441234567',
    workingHours: weekdayHours,
  });
  const inRepair = await http.post('/v1/statuses', { entity: 'order', name: 'In repair' });
  const newLead = await http.post('/v1/statuses', { entity: 'lead', name: 'Callback requested' });
  const order = await http.post('/v1/orders', {
    clientId: client.body.id,
    locationId: location.body.id,
    statusId: inRepair.body.id,
    number: 'A-42',
    dueDate: '2026-11-25T10:00:00Z',
  });
  const lead = await http.post('/v1/leads', {
    clientId: client.body.id,
    statusId: newLead.body.id,
    number: 'L-7',
  });
  expect([order.status, lead.status]).toEqual([201, 201]);
  return { order: order.body, lead: lead.body };
}

describe('POST /v1/templates', () => {
  it('when the template is valid, then it answers 201 with the stored template', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/templates', readyTemplate);

    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), ...readyTemplate, translations: {} });
    expect((await http.get(`/v1/templates/${res.body.id}`)).body).toEqual(res.body);
  });

  it('when the subject is left out or blank, then it is null', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const absent = await http.post('/v1/templates', { name: 'SMS', body: 'Hi {{client.name}}' });
    const blank = await http.post('/v1/templates', { name: 'SMS', subject: '  ', body: 'Hi' });

    // Assert
    expect([absent.status, blank.status]).toEqual([201, 201]);
    expect(absent.body.subject).toBeNull();
    expect(blank.body.subject).toBeNull();
  });

  it('when the body names an unknown variable, then it answers 422 with its line, column and name', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/templates', { name: 'Typo', body: 'Hello\n  {{ client.nmae }}!' });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details).toMatchObject({
      field: 'body',
      path: ['body'],
      line: 2,
      column: 6,
      variable: 'client.nmae',
    });
    expect(res.body.error.message).toContain('client.nmae');
    expect((await http.get('/v1/templates')).body.items).toEqual([]);
  });

  it('when the body has a syntax error, then it answers 422 with its line and column and no variable', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/templates', {
      name: 'Broken',
      body: 'Line one\n{% if client.name %}open',
    });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details).toMatchObject({ field: 'body', line: 2, column: 1 });
    expect(res.body.error.details.variable).toBeUndefined();
  });

  it('when subject and body both have errors, then details is the first and errors lists all', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/templates', {
      name: 'Two typos',
      subject: 'Hi {{ client.nmae }}',
      body: '{{ order.numbr }} and {{ foo }}',
    });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details).toMatchObject({
      field: 'subject',
      line: 1,
      column: 7,
      variable: 'client.nmae',
    });
    expect(res.body.error.details.errors).toEqual([
      expect.objectContaining({ field: 'subject', variable: 'client.nmae' }),
      expect.objectContaining({ field: 'body', line: 1, column: 4, variable: 'order.numbr' }),
      expect.objectContaining({ field: 'body', line: 1, column: 26, variable: 'foo' }),
    ]);
  });

  it('when an unknown filter is used, then it answers 422 pointing at the filter', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/templates', { name: 'Filter', body: 'ok {{ client.name | nope }}' });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details).toMatchObject({ field: 'body', line: 1, column: 21 });
  });

  it('when name and body are missing or wrong, then it answers 422 listing each field', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/templates', { name: '', subject: 5, extra: true });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: unknown[] }) => d.path)).toEqual(
      expect.arrayContaining([['name'], ['subject'], ['body'], ['extra']]),
    );
  });
});

describe('GET /v1/templates', () => {
  it('when there are more than a page, then the cursor walks through all of them once', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const created: string[] = [];
    for (let i = 0; i < 51; i += 1) {
      created.push((await http.post('/v1/templates', { name: `T${i}`, body: 'Hi {{client.name}}' })).body.id);
    }

    // Act
    const first = await http.get('/v1/templates');
    const second = await http.get(`/v1/templates?cursor=${first.body.nextCursor}`);

    // Assert
    expect(first.body.items).toHaveLength(50);
    expect(second.body).toEqual({ items: [expect.objectContaining({ name: 'T50' })], nextCursor: null });
    expect([...first.body.items, ...second.body.items].map((t: { id: string }) => t.id)).toEqual(created);
  });

  it('when another company has templates, then they are not listed and its id answers 404', async () => {
    // Arrange
    const mine = await newTenant(harness);
    const theirs = await newTenant(harness, 'Other Co');
    const foreign = await theirs.http.post('/v1/templates', readyTemplate);

    // Act
    const list = await mine.http.get('/v1/templates');
    const one = await mine.http.get(`/v1/templates/${foreign.body.id}`);
    const malformed = await mine.http.get('/v1/templates/not-a-uuid');

    // Assert
    expect(list.body).toEqual({ items: [], nextCursor: null });
    expect(one.status).toBe(404);
    expect(malformed.status).toBe(404);
  });
});

describe('PATCH /v1/templates/:id', () => {
  it('when only the body changes, then the name and subject are kept', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const created = await http.post('/v1/templates', readyTemplate);

    // Act
    const res = await http.patch(`/v1/templates/${created.body.id}`, { body: 'Ready: {{order.number}}' });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...created.body, body: 'Ready: {{order.number}}' });
  });

  it('when the subject is set to null, then it is cleared', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const created = await http.post('/v1/templates', readyTemplate);

    // Act
    const res = await http.patch(`/v1/templates/${created.body.id}`, { subject: null });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.subject).toBeNull();
  });

  it('when the new subject names an unknown variable, then it answers 422 and nothing changes', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const created = await http.post('/v1/templates', readyTemplate);

    // Act
    const res = await http.patch(`/v1/templates/${created.body.id}`, { subject: 'For {{ company.nam }}' });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details).toMatchObject({
      field: 'subject',
      line: 1,
      column: 8,
      variable: 'company.nam',
    });
    expect((await http.get(`/v1/templates/${created.body.id}`)).body).toEqual(created.body);
  });

  it("when the template is another company's, then it answers 404 and it is unchanged", async () => {
    // Arrange
    const mine = await newTenant(harness);
    const theirs = await newTenant(harness, 'Other Co');
    const foreign = await theirs.http.post('/v1/templates', readyTemplate);

    // Act
    const res = await mine.http.patch(`/v1/templates/${foreign.body.id}`, { name: 'Hijacked' });

    // Assert
    expect(res.status).toBe(404);
    expect((await theirs.http.get(`/v1/templates/${foreign.body.id}`)).body.name).toBe(readyTemplate.name);
  });
});

describe('DELETE /v1/templates/:id', () => {
  it('when no rule uses the template, then it answers 204 and it is gone', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const created = await http.post('/v1/templates', readyTemplate);

    // Act
    const res = await http.delete(`/v1/templates/${created.body.id}`);

    // Assert
    expect(res.status).toBe(204);
    expect((await http.get(`/v1/templates/${created.body.id}`)).status).toBe(404);
  });

  it('when a rule uses the template, then it answers 409 template_in_use and it stays', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const template = await http.post('/v1/templates', readyTemplate);
    const rule = await http.post('/v1/notification-rules', {
      entity: 'lead',
      kind: 'notification',
      trigger: { type: 'lead.created' },
      channel: 'sms',
      templateId: template.body.id,
    });
    expect(rule.status).toBe(201);

    // Act
    const res = await http.delete(`/v1/templates/${template.body.id}`);

    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('template_in_use');
    expect((await http.get(`/v1/templates/${template.body.id}`)).status).toBe(200);
  });

  it("when the template is another company's, then it answers 404 and it stays", async () => {
    // Arrange
    const mine = await newTenant(harness);
    const theirs = await newTenant(harness, 'Other Co');
    const foreign = await theirs.http.post('/v1/templates', readyTemplate);

    // Act
    const res = await mine.http.delete(`/v1/templates/${foreign.body.id}`);

    // Assert
    expect(res.status).toBe(404);
    expect((await theirs.http.get(`/v1/templates/${foreign.body.id}`)).status).toBe(200);
  });
});

describe('POST /v1/templates/preview', () => {
  it('when no order or lead is named, then it renders with sample data', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/templates/preview', readyTemplate);

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      subject: 'Order 1001 is ready',
      body: 'Hi Jane Doe, your order 1001 is ready at Acme Repairs Central.',
    });
  });

  it('when there is no subject, then the preview subject is null', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/templates/preview', { body: 'Hi {{client.name}}' });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ subject: null, body: 'Hi Jane Doe' });
  });

  it("when an order is named, then it renders that order's client, status, location and due date in its zone", async () => {
    // Arrange
    const { http } = await newTenant(harness, 'Fixit Kyiv');
    const { order } = await orderAndLead(http);

    // Act
    const res = await http.post('/v1/templates/preview', {
      subject: '{{company.name}}: {{order.number}}',
      body:
        '{{client.name}} / {{order.status}} / {{location.name}}, {{location.address}} / ' +
        '{{order.dueDate | date: "%d.%m.%Y %H:%M"}} / {{order.dueDate}}',
      orderId: order.id,
    });

    // Assert: 10:00 UTC in November is 12:00 in Kyiv.
    expect(res.status).toBe(200);
    expect(res.body.subject).toBe('Fixit Kyiv: A-42');
    expect(res.body.body).toMatch(
      /^Olena Petrenko \/ In repair \/ Podil, Khoryva St 1 \/ 25\.11\.2026 12:00 \/ .*12:00/,
    );
  });

  it("when a lead is named, then it renders that lead's number and status name", async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const { lead } = await orderAndLead(http);

    // Act
    const res = await http.post('/v1/templates/preview', {
      body: '{{client.name}}: lead {{lead.number}} is {{lead.status}}{{order.number}}',
      leadId: lead.id,
    });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.body).toBe('Olena Petrenko: lead L-7 is Callback requested');
  });

  it("when the order is another company's or unknown, then it answers 404", async () => {
    // Arrange
    const mine = await newTenant(harness);
    const theirs = await newTenant(harness, 'Other Co');
    const { order, lead } = await orderAndLead(theirs.http);

    // Act
    const foreignOrder = await mine.http.post('/v1/templates/preview', { body: 'x', orderId: order.id });
    const foreignLead = await mine.http.post('/v1/templates/preview', { body: 'x', leadId: lead.id });
    const unknown = await mine.http.post('/v1/templates/preview', {
      body: 'x',
      orderId: '00000000-0000-4000-8000-000000000000',
    });

    // Assert
    expect([foreignOrder.status, foreignLead.status, unknown.status]).toEqual([404, 404, 404]);
  });

  it('when the template is invalid, then it answers 422 as a save would', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/templates/preview', { body: 'Hi {{ clent.name }}' });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details).toMatchObject({
      field: 'body',
      line: 1,
      column: 7,
      variable: 'clent.name',
    });
  });

  it('when both an order and a lead are named, then it answers 422 on leadId', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/templates/preview', {
      body: 'x',
      orderId: '00000000-0000-4000-8000-000000000000',
      leadId: '00000000-0000-4000-8000-000000000001',
    });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toEqual(['leadId']);
  });
});

describe('templates that would hurt other tenants (SPEC 7)', () => {
  const sortBomb = '{{ (1..3000000) | reverse | sort_natural | size }}';
  const hugeOutput = `{% assign x = "${'x'.repeat(100)}" %}{% for i in (1..3000) %}{{ x }}{% endfor %}`;

  it('when a template takes longer than 1 s to render, then saving it answers 422 with details.limit "time"', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/templates', { name: 'Bomb', body: sortBomb });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'invalid_template', details: { limit: 'time' } });
    expect((await http.get('/v1/templates')).body.items).toEqual([]);
  });

  it('when a template renders more than 256 KiB, then saving or previewing it answers 422 with details.limit "body_length"', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const saved = await http.post('/v1/templates', { name: 'Huge', body: hugeOutput });
    const previewed = await http.post('/v1/templates/preview', { body: hugeOutput });

    // Assert
    expect(saved.status).toBe(422);
    expect(saved.body.error.details).toMatchObject({ limit: 'body_length', path: ['body'] });
    expect(previewed.status).toBe(422);
    expect(previewed.body.error.details).toMatchObject({ limit: 'body_length' });
  });

  it('when a subject renders longer than 998 characters, then a PATCH answers 422 with details.limit "subject_length"', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const template = await http.post('/v1/templates', readyTemplate);

    // Act
    const res = await http.patch(`/v1/templates/${template.body.id}`, {
      subject: '{% for i in (1..200) %}{{ client.name }} {% endfor %}',
    });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details).toMatchObject({ limit: 'subject_length', path: ['subject'] });
  });

  it('when an assigned variable is read with a typo or __proto__, then saving answers 422 with its position and name', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const typo = await http.post('/v1/templates', {
      name: 'Typo',
      body: '{% assign d = order.dueDate %}{{ d.nmae }}',
    });
    const proto = await http.post('/v1/templates', {
      name: 'Proto',
      body: 'Due:\n{% assign d = order.dueDate %}{{ d.__proto__ }}',
    });

    // Assert
    expect(typo.status).toBe(422);
    expect(typo.body.error.details).toMatchObject({ line: 1, column: 34, variable: 'd.nmae' });
    expect(proto.status).toBe(422);
    expect(proto.body.error.details).toMatchObject({ line: 2, column: 34, variable: 'd.__proto__' });
  });
});
