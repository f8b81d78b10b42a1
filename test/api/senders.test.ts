import request from 'supertest';
import { ADMIN_TOKEN, createApiHarness, newTenant, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

const asOperator = (req: request.Test) => req.set('Authorization', `Bearer ${ADMIN_TOKEN}`);
const putSenders = (companyId: string, body: object) =>
  asOperator(request(harness.app).put(`/admin/companies/${companyId}/senders`)).send(body);
const getSenders = (companyId: string) =>
  asOperator(request(harness.app).get(`/admin/companies/${companyId}/senders`));

describe('PUT /admin/companies/{id}/senders', () => {
  it('when the operator assigns numbers, ids, addresses and domains, then GET answers them', async () => {
    // Arrange
    const { company } = await newTenant(harness);

    // Act
    const res = await putSenders(company.id, {
      sms: ['+447700900123', 'FIXIT'],
      email: ['Shop@Fixit.example', '@fixit-mail.example'],
    });

    // Assert
    const expected = {
      sms: ['+447700900123', 'FIXIT'],
      email: ['shop@fixit.example', '@fixit-mail.example'],
    };
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expected);
    expect((await getSenders(company.id)).body).toEqual(expected);
  });

  it('when a sender is neither a number nor an id, or an address nor a domain, then it answers 422 naming it', async () => {
    // Arrange
    const { company } = await newTenant(harness);

    // Act
    const res = await putSenders(company.id, { sms: ['not a valid id!'], email: ['@'] });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: unknown[] }) => d.path)).toEqual([
      ['sms', 0],
      ['email', 0],
    ]);
  });

  it('when the token is missing or a company key, or the company unknown, then it answers 401 or 404', async () => {
    // Arrange
    const { company, apiKey } = await newTenant(harness);

    // Act
    const anonymous = await request(harness.app)
      .put(`/admin/companies/${company.id}/senders`)
      .send({ sms: [] });
    const tenant = await request(harness.app)
      .put(`/admin/companies/${company.id}/senders`)
      .set('Authorization', `Bearer ${apiKey}`)
      .send({ sms: ['FIXIT'] });
    const unknown = await putSenders('00000000-0000-4000-8000-000000000000', { sms: [] });

    // Assert
    expect([anonymous.status, tenant.status, unknown.status]).toEqual([401, 401, 404]);
    expect((await getSenders(company.id)).body).toEqual({ sms: [], email: [] });
  });

  it('when a sender the settings use is no longer assigned, then that setting falls back to the default (null)', async () => {
    // Arrange
    const { company, http } = await newTenant(harness);
    await putSenders(company.id, { sms: ['FIXIT'], email: ['@fixit.example'] });
    await http.patch('/v1/settings', { smsSenderId: 'FIXIT', emailFromAddress: 'hello@fixit.example' });

    // Act
    await putSenders(company.id, { sms: ['OTHER'], email: ['@fixit.example'] });

    // Assert
    expect((await http.get('/v1/settings')).body).toMatchObject({
      smsSenderId: null,
      emailFromAddress: 'hello@fixit.example',
    });
  });
});

describe('PATCH /v1/settings with senders', () => {
  it('when a company with no senders assigned names any sender, then it answers 422 sender_not_allowed; null is fine', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const sms = await http.patch('/v1/settings', { smsSenderId: 'PLATFORM' });
    const email = await http.patch('/v1/settings', { emailFromAddress: 'noreply@platform.example' });
    const none = await http.patch('/v1/settings', { smsSenderId: null, emailFromAddress: null });

    // Assert
    expect(sms.status).toBe(422);
    expect(sms.body.error).toMatchObject({ code: 'sender_not_allowed', details: { field: 'smsSenderId' } });
    expect(email.status).toBe(422);
    expect(email.body.error).toMatchObject({
      code: 'sender_not_allowed',
      details: { field: 'emailFromAddress' },
    });
    expect(none.status).toBe(200);
  });

  it('when a domain is assigned, then any address at it is allowed but not one at another domain or a subdomain', async () => {
    // Arrange
    const { company, http } = await newTenant(harness);
    await putSenders(company.id, { sms: ['+447700900123'], email: ['@fixit.example'] });

    // Act
    const atDomain = await http.patch('/v1/settings', { emailFromAddress: 'Bookings@Fixit.example' });
    const subdomain = await http.patch('/v1/settings', { emailFromAddress: 'x@mail.fixit.example' });
    const number = await http.patch('/v1/settings', { smsSenderId: '+447700900123' });
    const otherNumber = await http.patch('/v1/settings', { smsSenderId: '+447700900999' });

    // Assert
    expect(atDomain.status).toBe(200);
    expect(atDomain.body.emailFromAddress).toBe('bookings@fixit.example');
    expect(subdomain.status).toBe(422);
    expect(subdomain.body.error.details).toMatchObject({
      field: 'emailFromAddress',
      path: ['emailFromAddress'],
    });
    expect(number.status).toBe(200);
    expect(otherNumber.status).toBe(422);
    expect(otherNumber.body.error.details).toMatchObject({
      field: 'smsSenderId',
      allowed: ['+447700900123'],
    });
    expect((await http.get('/v1/settings')).body).toMatchObject({
      smsSenderId: '+447700900123',
      emailFromAddress: 'bookings@fixit.example',
    });
  });

  it("when another company's sender is named, then it is refused", async () => {
    // Arrange
    const owner = await newTenant(harness);
    const other = await newTenant(harness);
    await putSenders(owner.company.id, { sms: ['FIXIT'] });

    // Act
    const res = await other.http.patch('/v1/settings', { smsSenderId: 'FIXIT' });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('sender_not_allowed');
  });
});
