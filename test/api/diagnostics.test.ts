import { createApiHarness, newTenant, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

type Diagnosis = { channel: string; canReceive: boolean; reasons: string[]; warnings: string[] };
const byChannel = (body: { channels: Diagnosis[] }) =>
  Object.fromEntries(
    body.channels.map((c) => [
      c.channel,
      { canReceive: c.canReceive, reasons: c.reasons, warnings: c.warnings },
    ]),
  );

describe('GET /v1/clients/{id}/diagnostics', () => {
  it('when the client has contacts and every consent, then every channel can receive', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const client = await http.post('/v1/clients', {
      name: 'Olena',
      phone: '+380501234567',
      email: 'olena@example.com',
      consent: { sms: true, whatsapp: true, viber: true, email: true },
    });

    // Act
    const res = await http.get(`/v1/clients/${client.body.id}/diagnostics`);

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.clientId).toBe(client.body.id);
    expect(res.body.duplicates).toEqual([]);
    const ok = { canReceive: true, reasons: [], warnings: [] };
    expect(byChannel(res.body)).toEqual({ sms: ok, whatsapp: ok, viber: ok, email: ok });
    expect(res.body.channels.map((c: Diagnosis) => c.channel)).toEqual(['sms', 'whatsapp', 'viber', 'email']);
  });

  it('when the client has no consent and no email, then every reason is listed per channel', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const client = await http.post('/v1/clients', {
      name: 'Olena',
      phone: '+380501234567',
      consent: { sms: true },
    });

    // Act
    const res = await http.get(`/v1/clients/${client.body.id}/diagnostics`);

    // Assert
    expect(byChannel(res.body)).toEqual({
      sms: { canReceive: true, reasons: [], warnings: [] },
      whatsapp: { canReceive: false, reasons: ['no_consent'], warnings: [] },
      viber: { canReceive: false, reasons: ['no_consent'], warnings: [] },
      email: { canReceive: false, reasons: ['no_contact', 'no_consent'], warnings: [] },
    });
  });

  it('when the client has consent but no phone, then phone channels say no_contact', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    await http.patch('/v1/settings', { phoneConsentByDefault: true });
    const client = await http.post('/v1/clients', { name: 'Olena', email: 'olena@example.com' });

    // Act
    const res = await http.get(`/v1/clients/${client.body.id}/diagnostics`);

    // Assert
    const channels = byChannel(res.body);
    expect(channels.sms).toEqual({ canReceive: false, reasons: ['no_contact'], warnings: [] });
    expect(channels.whatsapp!.reasons).toEqual(['no_contact']);
    expect(channels.email).toEqual({ canReceive: false, reasons: ['no_consent'], warnings: [] });
  });

  it('when the email address is suppressed after a bounce, then email says suppressed', async () => {
    // Arrange
    const { company, http } = await newTenant(harness);
    const client = await http.post('/v1/clients', {
      name: 'Olena',
      phone: '+380501234567',
      email: 'olena@example.com',
      consent: { email: true, sms: true },
    });
    await harness.db.query(
      "INSERT INTO suppressions (company_id, channel, address, reason) VALUES ($1, 'email', $2, 'hard_bounce')",
      [company.id, 'olena@example.com'],
    );

    // Act
    const res = await http.get(`/v1/clients/${client.body.id}/diagnostics`);

    // Assert
    const channels = byChannel(res.body);
    expect(channels.email).toEqual({ canReceive: false, reasons: ['suppressed'], warnings: [] });
    expect(channels.sms).toEqual({ canReceive: true, reasons: [], warnings: [] });
  });

  it("when another company suppressed the same email, then this company's client is not suppressed", async () => {
    // Arrange
    const other = await newTenant(harness);
    const { http } = await newTenant(harness);
    const client = await http.post('/v1/clients', {
      name: 'Olena',
      email: 'olena@example.com',
      consent: { email: true },
    });
    await harness.db.query(
      "INSERT INTO suppressions (company_id, channel, address, reason) VALUES ($1, 'email', $2, 'spam_complaint')",
      [other.company.id, 'olena@example.com'],
    );

    // Act
    const res = await http.get(`/v1/clients/${client.body.id}/diagnostics`);

    // Assert
    expect(byChannel(res.body).email).toEqual({ canReceive: true, reasons: [], warnings: [] });
  });

  it('when the setting is off and two profiles share a phone, then phone channels warn and the duplicate is listed', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    await http.patch('/v1/settings', { defaultCountry: 'UA' });
    const first = await http.post('/v1/clients', {
      name: 'Olena',
      phone: '+380501234567',
      email: 'a@example.com',
    });
    const second = await http.post('/v1/clients', {
      name: 'Olena K.',
      phone: '050 123 4567',
      email: 'b@example.com',
      consent: { sms: true },
    });

    // Act
    const res = await http.get(`/v1/clients/${second.body.id}/diagnostics`);
    const fromFirst = await http.get(`/v1/clients/${first.body.id}/diagnostics`);

    // Assert
    expect(res.body.duplicates).toEqual([{ clientId: first.body.id, field: 'phone' }]);
    const channels = byChannel(res.body);
    expect(channels.sms).toEqual({ canReceive: true, reasons: [], warnings: ['duplicate_profiles'] });
    expect(channels.whatsapp).toEqual({
      canReceive: false,
      reasons: ['no_consent'],
      warnings: ['duplicate_profiles'],
    });
    expect(channels.viber!.warnings).toEqual(['duplicate_profiles']);
    expect(channels.email!.warnings).toEqual([]);
    expect(fromFirst.body.duplicates).toEqual([{ clientId: second.body.id, field: 'phone' }]);
  });

  it('when profiles share an email, then only the email channel warns', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const first = await http.post('/v1/clients', { name: 'Olena', email: 'olena@example.com' });
    const second = await http.post('/v1/clients', {
      name: 'Olena',
      phone: '+380501234567',
      email: 'OLENA@example.com',
    });

    // Act
    const res = await http.get(`/v1/clients/${second.body.id}/diagnostics`);

    // Assert
    expect(res.body.duplicates).toEqual([{ clientId: first.body.id, field: 'email' }]);
    const channels = byChannel(res.body);
    expect(channels.email!.warnings).toEqual(['duplicate_profiles']);
    expect(channels.sms!.warnings).toEqual([]);
  });

  it('when several profiles share both contacts, then each is listed once per shared field', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const contacts = { phone: '+380501234567', email: 'olena@example.com' };
    const a = await http.post('/v1/clients', { name: 'A', ...contacts });
    const b = await http.post('/v1/clients', { name: 'B', ...contacts });
    const c = await http.post('/v1/clients', { name: 'C', ...contacts });

    // Act
    const res = await http.get(`/v1/clients/${c.body.id}/diagnostics`);

    // Assert
    expect(res.body.duplicates).toHaveLength(4);
    expect(res.body.duplicates).toEqual(
      expect.arrayContaining([
        { clientId: a.body.id, field: 'phone' },
        { clientId: a.body.id, field: 'email' },
        { clientId: b.body.id, field: 'phone' },
        { clientId: b.body.id, field: 'email' },
      ]),
    );
  });

  it('when consent is revoked after creation, then diagnostics reflect it at once', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const client = await http.post('/v1/clients', {
      name: 'Olena',
      phone: '+380501234567',
      consent: { sms: true },
    });
    await http.patch(`/v1/clients/${client.body.id}`, { consent: { sms: false } });

    // Act
    const res = await http.get(`/v1/clients/${client.body.id}/diagnostics`);

    // Assert
    expect(byChannel(res.body).sms).toEqual({ canReceive: false, reasons: ['no_consent'], warnings: [] });
  });
});
