import { createApiHarness, newTenant, type ApiHarness } from '../support/api-harness';
import { createLocation } from '../support/shop-setup';
import { ok } from '../support/tenant-http';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

const translated = {
  name: 'Ready',
  subject: 'Order {{order.number}} is ready',
  body: 'Hi {{client.name}}, order {{order.number}} is ready, due {{order.dueDate}}.',
  translations: {
    DE: {
      subject: 'Auftrag {{order.number}} ist fertig',
      body: 'Hallo {{client.name}}, fällig {{order.dueDate}}.',
    },
  },
};

describe('client language', () => {
  it('when a client is created or changed with a language, then it is stored in canonical form', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const created = await http.post('/v1/clients', { name: 'Jonas', language: 'de-at' });
    const cleared = await http.patch(`/v1/clients/${created.body.id}`, { language: null });
    const plain = await http.post('/v1/clients', { name: 'Anna' });

    // Assert
    expect(created.status).toBe(201);
    expect(created.body.language).toBe('de-AT');
    expect(cleared.body.language).toBeNull();
    expect(plain.body.language).toBeNull();
  });

  it('when the language is not a BCP 47 tag, then 422 names the field', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/clients', { name: 'Jonas', language: 'german please' });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: ['language'] })]);
  });
});

describe('template translations', () => {
  it('when a template has translations, then they are stored under canonical tags and returned', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/templates', translated);
    const patched = await http.patch(`/v1/templates/${res.body.id}`, {
      translations: { uk: { body: 'Привіт, {{client.name}}' } },
    });

    // Assert
    expect(res.status).toBe(201);
    expect(res.body.translations).toEqual({ de: { ...translated.translations.DE } });
    expect(patched.body.translations).toEqual({ uk: { subject: null, body: 'Привіт, {{client.name}}' } });
    expect((await http.get(`/v1/templates/${res.body.id}`)).body).toEqual(patched.body);
  });

  it('when a translation has an unknown variable, then 422 with the translation field, line and column', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/templates', {
      ...translated,
      translations: { de: { body: 'Hallo\n {{ client.nmae }}' } },
    });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual(
      expect.objectContaining({
        path: ['translations', 'de', 'body'],
        line: 2,
        column: 5,
        variable: 'client.nmae',
      }),
    );
    expect(res.body.error.message).toMatch(/^translations\.de\.body:/);
  });

  it('when a translation renders over the limits, then 422 names the translation field', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/templates', {
      ...translated,
      translations: { de: { body: '{% for i in (1..400000) %}xxxxxxxxxx{% endfor %}' } },
    });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details.path.slice(0, 2)).toEqual(['translations', 'de']);
  });

  it('when a key is not a language, or two keys are the same language, then 422 names the key', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const notALanguage = await http.post('/v1/templates', {
      ...translated,
      translations: { 'not a tag': { body: 'x' } },
    });
    const twice = await http.post('/v1/templates', {
      ...translated,
      translations: { de: { body: 'x' }, DE: { body: 'y' } },
    });

    // Assert
    expect(notALanguage.status).toBe(422);
    expect(notALanguage.body.error.details).toEqual([
      expect.objectContaining({ path: ['translations', 'not a tag'] }),
    ]);
    expect(twice.status).toBe(422);
    expect(twice.body.error.details).toEqual([expect.objectContaining({ path: ['translations', 'DE'] })]);
  });
});

describe('the client language in preview and simulate', () => {
  async function germanOrder() {
    const { http } = await newTenant(harness);
    const location = await createLocation(http, 'Wien', { timezone: 'Europe/Vienna' });
    const status = await ok(http.post('/v1/statuses', { entity: 'order', name: 'Fertig' }));
    const client = await ok(
      http.post('/v1/clients', {
        name: 'Jonas',
        phone: '+380501234567',
        consent: { sms: true },
        language: 'de-AT',
      }),
    );
    const template = await ok(http.post('/v1/templates', translated));
    await ok(
      http.post('/v1/notification-rules', {
        entity: 'order',
        kind: 'notification',
        locationId: location.id,
        trigger: { type: 'order.created', statusId: null },
        channel: 'sms',
        templateId: template.id,
      }),
    );
    const order = await ok(
      http.post('/v1/orders', {
        clientId: client.id,
        locationId: location.id,
        statusId: status.id,
        number: 'W-1',
        dueDate: '2030-03-14T10:00:00Z',
      }),
    );
    return { http, location, status, client, order };
  }

  it('when the client speaks a language the template has, then preview renders it with dates in that language', async () => {
    // Arrange
    const { http, order } = await germanOrder();

    // Act
    const forOrder = await http.post('/v1/templates/preview', { ...translated, orderId: order.id });
    const asked = await http.post('/v1/templates/preview', {
      ...translated,
      orderId: order.id,
      language: 'en',
    });
    const sample = await http.post('/v1/templates/preview', { ...translated, language: 'de' });

    // Assert
    expect(forOrder.status).toBe(200);
    expect(forOrder.body).toEqual({
      subject: 'Auftrag W-1 ist fertig',
      body: 'Hallo Jonas, fällig 14.03.2030, 11:00.',
    });
    expect(asked.body.body).toBe('Hi Jonas, order W-1 is ready, due 14 Mar 2030, 11:00.');
    expect(sample.body.subject).toBe('Auftrag 1001 ist fertig');
  });

  it('when a new order is simulated for that client, then the send is in the client language', async () => {
    // Arrange
    const { http, location, status, client } = await germanOrder();

    // Act
    const res = await http.post('/v1/orders/simulate', {
      clientId: client.id,
      locationId: location.id,
      statusId: status.id,
      number: 'W-2',
      dueDate: '2030-03-14T10:00:00Z',
    });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.sends).toEqual([
      expect.objectContaining({ body: 'Hallo Jonas, fällig 14.03.2030, 11:00.' }),
    ]);
  });
});
