import { createApiHarness, newTenant, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

const noConsent = { sms: false, whatsapp: false, viber: false, email: false };

describe('POST /v1/clients — consent at creation', () => {
  it('when the company keeps the default settings, then a new client has no consent on any channel', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/clients', {
      name: 'Olena',
      phone: '+380501234567',
      email: 'olena@example.com',
    });

    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Olena',
      phone: '+380501234567',
      email: 'olena@example.com',
      consent: noConsent,
      language: null,
      createdAt: expect.any(String),
    });
    expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
  });

  it('when the phone default is on, then sms, whatsapp and viber are granted and email is not', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    await http.patch('/v1/settings', { phoneConsentByDefault: true });

    // Act
    const res = await http.post('/v1/clients', { name: 'Olena' });

    // Assert
    expect(res.body.consent).toEqual({ sms: true, whatsapp: true, viber: true, email: false });
  });

  it('when the email default is on, then only email is granted', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    await http.patch('/v1/settings', { emailConsentByDefault: true });

    // Act
    const res = await http.post('/v1/clients', { name: 'Olena' });

    // Assert
    expect(res.body.consent).toEqual({ sms: false, whatsapp: false, viber: false, email: true });
  });

  it('when the request states some consents, then those win over the defaults and the rest follow them', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    await http.patch('/v1/settings', { phoneConsentByDefault: true, emailConsentByDefault: false });

    // Act
    const res = await http.post('/v1/clients', { name: 'Olena', consent: { viber: false, email: true } });

    // Assert
    expect(res.status).toBe(201);
    expect(res.body.consent).toEqual({ sms: true, whatsapp: true, viber: false, email: true });
  });

  it('when a default is changed later, then existing clients keep their consent', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const before = await http.post('/v1/clients', { name: 'Before' });

    // Act
    await http.patch('/v1/settings', { phoneConsentByDefault: true, emailConsentByDefault: true });
    const after = await http.post('/v1/clients', { name: 'After' });

    // Assert
    expect((await http.get(`/v1/clients/${before.body.id}`)).body.consent).toEqual(noConsent);
    expect(after.body.consent).toEqual({ sms: true, whatsapp: true, viber: true, email: true });
  });
});

describe('consent changes and history', () => {
  it('when a client is created, then the history has one entry per channel with source default or request', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    await http.patch('/v1/settings', { phoneConsentByDefault: true });
    const client = await http.post('/v1/clients', {
      name: 'Olena',
      consent: { email: true, whatsapp: false },
    });

    // Act
    const res = await http.get(`/v1/clients/${client.body.id}/consent-history`);

    // Assert
    expect(res.status).toBe(200);
    const at = expect.any(String);
    expect(res.body.items).toEqual([
      { channel: 'sms', granted: true, source: 'default', at },
      { channel: 'whatsapp', granted: false, source: 'request', at },
      { channel: 'viber', granted: true, source: 'default', at },
      { channel: 'email', granted: true, source: 'request', at },
    ]);
  });

  it('when one channel is switched on, then only that channel changes and a manual entry is recorded', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const client = await http.post('/v1/clients', { name: 'Olena', phone: '+380501234567' });

    // Act
    const res = await http.patch(`/v1/clients/${client.body.id}`, { consent: { sms: true } });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.consent).toEqual({ ...noConsent, sms: true });
    expect(res.body.phone).toBe('+380501234567');
    const history = await http.get(`/v1/clients/${client.body.id}/consent-history`);
    expect(history.body.items).toHaveLength(5);
    expect(history.body.items[4]).toEqual({
      channel: 'sms',
      granted: true,
      source: 'manual',
      at: expect.any(String),
    });
  });

  it('when consents are switched on and then off, then history lists every change oldest first', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const client = await http.post('/v1/clients', { name: 'Olena' });
    const url = `/v1/clients/${client.body.id}`;

    // Act
    await http.patch(url, { consent: { email: true, viber: true } });
    await http.patch(url, { consent: { email: false } });

    // Assert
    const items = (await http.get(`${url}/consent-history`)).body.items;
    expect(
      items
        .slice(4)
        .map((e: { channel: string; granted: boolean; source: string }) => [e.channel, e.granted, e.source]),
    ).toEqual([
      ['viber', true, 'manual'],
      ['email', true, 'manual'],
      ['email', false, 'manual'],
    ]);
    const times = items.map((e: { at: string }) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect((await http.get(url)).body.consent).toEqual({ ...noConsent, viber: true });
  });

  it('when a consent is set to the value it already has, then nothing is written to the history', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const client = await http.post('/v1/clients', { name: 'Olena', consent: { sms: true } });

    // Act
    const res = await http.patch(`/v1/clients/${client.body.id}`, { consent: { sms: true, email: false } });

    // Assert
    expect(res.status).toBe(200);
    const history = await http.get(`/v1/clients/${client.body.id}/consent-history`);
    expect(history.body.items).toHaveLength(4);
  });

  it('when a consent value is not a boolean or the channel is unknown, then it answers 422 with the path', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const client = await http.post('/v1/clients', { name: 'Olena' });

    // Act
    const res = await http.patch(`/v1/clients/${client.body.id}`, {
      consent: { sms: 'yes', telegram: true },
    });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: unknown[] }) => d.path)).toEqual(
      expect.arrayContaining([
        ['consent', 'sms'],
        ['consent', 'telegram'],
      ]),
    );
  });
});

describe('contact normalization', () => {
  it('when defaultCountry is UA and the phone is national, then it is stored as E.164', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    await http.patch('/v1/settings', { defaultCountry: 'UA' });

    // Act
    const res = await http.post('/v1/clients', { name: 'Olena', phone: '050 123 4567' });

    // Assert
    expect(res.status).toBe(201);
    expect(res.body.phone).toBe('+380501234567');
  });

  it('when the phone is international with punctuation, then it is stored as E.164 without a default country', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/clients', { name: 'Jane', phone: '+44 (20) 7946-0958' });

    // Assert
    expect(res.status).toBe(201);
    expect(res.body.phone).toBe('+442079460958');
  });

  it('when the phone is national and there is no defaultCountry, then it answers 422 on field phone', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/clients', { name: 'Olena', phone: '050 123 4567' });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: ['phone'] })]);
    expect((await http.get('/v1/clients')).body.items).toEqual([]);
  });

  it.each(['not a phone', '+380 12', 'call +380501234567'])(
    'when the phone is %j, then it answers 422 on field phone',
    async (phone) => {
      // Arrange
      const { http } = await newTenant(harness);
      await http.patch('/v1/settings', { defaultCountry: 'UA' });

      // Act
      const res = await http.post('/v1/clients', { name: 'Olena', phone });

      // Assert
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: ['phone'] })]);
    },
  );

  it('when the email has spaces and capitals, then it is stored trimmed and lower-cased', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/clients', { name: 'Olena', email: '  Olena.K@Example.COM ' });

    // Assert
    expect(res.status).toBe(201);
    expect(res.body.email).toBe('olena.k@example.com');
  });

  it.each(['olena', 'olena@', '@example.com', 'olena@example'])(
    'when the email is %j, then it answers 422 on field email',
    async (email) => {
      // Arrange
      const { http } = await newTenant(harness);

      // Act
      const res = await http.post('/v1/clients', { name: 'Olena', email });

      // Assert
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: ['email'] })]);
    },
  );

  it('when contacts are patched, then they are normalized the same way; when set to null, they are cleared', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    await http.patch('/v1/settings', { defaultCountry: 'UA' });
    const client = await http.post('/v1/clients', { name: 'Olena', phone: '+380501234567' });

    // Act
    const changed = await http.patch(`/v1/clients/${client.body.id}`, {
      phone: '067 765 4321',
      email: ' A@B.UA ',
    });
    const cleared = await http.patch(`/v1/clients/${client.body.id}`, { phone: null });

    // Assert
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ phone: '+380677654321', email: 'a@b.ua' });
    expect(cleared.body).toMatchObject({ phone: null, email: 'a@b.ua' });
  });

  it('when a patched phone is invalid, then it answers 422 and the client is unchanged', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const client = await http.post('/v1/clients', { name: 'Olena', phone: '+380501234567' });

    // Act
    const res = await http.patch(`/v1/clients/${client.body.id}`, { phone: '12' });

    // Assert
    expect(res.status).toBe(422);
    expect((await http.get(`/v1/clients/${client.body.id}`)).body).toEqual(client.body);
  });
});

describe('GET /v1/clients', () => {
  it('when filtered by a differently written phone or email, then the stored client is found', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    await http.patch('/v1/settings', { defaultCountry: 'UA' });
    const olena = await http.post('/v1/clients', {
      name: 'Olena',
      phone: '+380501234567',
      email: 'olena@example.com',
    });
    await http.post('/v1/clients', { name: 'Petro', phone: '+380677654321' });

    // Act
    const byPhone = await http.get(`/v1/clients?phone=${encodeURIComponent('050-123-45-67')}`);
    const byEmail = await http.get(`/v1/clients?email=${encodeURIComponent(' OLENA@example.com')}`);

    // Assert
    expect(byPhone.body).toEqual({ items: [olena.body], nextCursor: null });
    expect(byEmail.body).toEqual({ items: [olena.body], nextCursor: null });
  });

  it('when a client is created, then it appears in the list and can be read by id', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const created = await http.post('/v1/clients', { name: '  Olena  ' });

    // Act
    const list = await http.get('/v1/clients');
    const one = await http.get(`/v1/clients/${created.body.id}`);

    // Assert
    expect(created.body.name).toBe('Olena');
    expect(list.body).toEqual({ items: [created.body], nextCursor: null });
    expect(one.body).toEqual(created.body);
  });

  it('when the client id is unknown, then get, history and diagnostics answer 404', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const id = '0b0f6a4e-6a3d-4d1c-8a6e-2f4a1b9c7d10';

    // Act
    const responses = await Promise.all([
      http.get(`/v1/clients/${id}`),
      http.get(`/v1/clients/${id}/consent-history`),
      http.get(`/v1/clients/${id}/diagnostics`),
      http.patch(`/v1/clients/${id}`, { name: 'x' }),
    ]);

    // Assert
    expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404]);
  });
});
