import request from 'supertest';
import { ADMIN_TOKEN, createApiHarness, newTenant, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

/** The operator assigns the company's senders. */
const assignSenders = (companyId: string, senders: { sms?: string[]; email?: string[] }) =>
  request(harness.app)
    .put(`/admin/companies/${companyId}/senders`)
    .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
    .send(senders);

const pathsOf = (body: { error: { details: { path: unknown[] }[] } }) =>
  body.error.details.map((d) => d.path);

describe('GET /v1/settings', () => {
  it('when the company is new, then every setting has its documented default', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.get('/v1/settings');

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      phoneConsentByDefault: false,
      emailConsentByDefault: false,
      preventDuplicateClients: false,
      defaultCountry: null,
      locale: 'en-GB',
      smsSenderId: null,
      emailFromName: null,
      emailFromAddress: null,
      maxMessagesPerClientPerDay: null,
    });
  });
});

describe('PATCH /v1/settings', () => {
  it('when every setting is changed, then the answer and a later read show the new values', async () => {
    // Arrange
    const { http, company } = await newTenant(harness);
    await assignSenders(company.id, { sms: ['FIXIT'], email: ['@fixit.example'] });
    const patch = {
      phoneConsentByDefault: true,
      emailConsentByDefault: true,
      preventDuplicateClients: true,
      defaultCountry: 'UA',
      locale: 'uk-UA',
      smsSenderId: 'FIXIT',
      emailFromName: 'Fixit Repairs',
      emailFromAddress: 'hello@fixit.example',
      maxMessagesPerClientPerDay: 4,
    };

    // Act
    const res = await http.patch('/v1/settings', patch);

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual(patch);
    expect((await http.get('/v1/settings')).body).toEqual(patch);
  });

  it('when one setting is changed, then the others keep their values', async () => {
    // Arrange
    const { http, company } = await newTenant(harness);
    await assignSenders(company.id, { sms: ['SHOP'] });
    await http.patch('/v1/settings', { defaultCountry: 'GB', smsSenderId: 'SHOP' });

    // Act
    const res = await http.patch('/v1/settings', { emailConsentByDefault: true });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      emailConsentByDefault: true,
      phoneConsentByDefault: false,
      defaultCountry: 'GB',
      smsSenderId: 'SHOP',
    });
  });

  it('when defaultCountry is lower-case, then it is stored upper-case; when null, then it is cleared', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const set = await http.patch('/v1/settings', { defaultCountry: 'ua' });
    const cleared = await http.patch('/v1/settings', { defaultCountry: null, smsSenderId: null });

    // Assert
    expect(set.body.defaultCountry).toBe('UA');
    expect(cleared.status).toBe(200);
    expect(cleared.body.defaultCountry).toBeNull();
    expect(cleared.body.smsSenderId).toBeNull();
  });

  it('when a value has the wrong type, then it answers 422 with the field path and changes nothing', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.patch('/v1/settings', {
      phoneConsentByDefault: 'yes',
      emailConsentByDefault: true,
    });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(pathsOf(res.body)).toEqual([['phoneConsentByDefault']]);
    expect((await http.get('/v1/settings')).body.emailConsentByDefault).toBe(false);
  });

  it('when several values are invalid, then each one is listed by its path', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.patch('/v1/settings', {
      defaultCountry: 'XX',
      locale: 'not a locale!',
      emailFromAddress: 'nobody',
      preventDuplicateClients: 1,
    });

    // Assert
    expect(res.status).toBe(422);
    expect(pathsOf(res.body)).toEqual(
      expect.arrayContaining([
        ['defaultCountry'],
        ['locale'],
        ['emailFromAddress'],
        ['preventDuplicateClients'],
      ]),
    );
    expect(res.body.error.details).toHaveLength(4);
  });

  it('when an unknown field is sent, then it is refused with 422 naming that field', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.patch('/v1/settings', { smsConsentByDefault: true });

    // Assert
    expect(res.status).toBe(422);
    expect(pathsOf(res.body)).toEqual([['smsConsentByDefault']]);
  });

  it('when the body is empty, then the settings are returned unchanged', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.patch('/v1/settings', {});

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.locale).toBe('en-GB');
  });

  it("when one company changes its settings, then another company's settings stay as they were", async () => {
    // Arrange
    const first = await newTenant(harness);
    const second = await newTenant(harness);

    // Act
    await first.http.patch('/v1/settings', { phoneConsentByDefault: true, defaultCountry: 'UA' });

    // Assert
    const other = await second.http.get('/v1/settings');
    expect(other.body.phoneConsentByDefault).toBe(false);
    expect(other.body.defaultCountry).toBeNull();
  });
});
