import request from 'supertest';
import {
  ADMIN_TOKEN,
  createApiHarness,
  newTenant,
  weekdayHours,
  type ApiHarness,
} from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

describe('POST /admin/companies', () => {
  it('when called with the admin token, then it answers 201 with the company and a working API key', async () => {
    // Act
    const res = await request(harness.app)
      .post('/admin/companies')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ name: 'Bike Doctor' });

    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      company: { id: expect.any(String), name: 'Bike Doctor' },
      apiKey: expect.any(String),
    });
    const settings = await request(harness.app)
      .get('/v1/settings')
      .set('Authorization', `Bearer ${res.body.apiKey}`);
    expect(settings.status).toBe(200);
  });

  it('when called without a token, then it answers 401 with a JSON error', async () => {
    // Act
    const res = await request(harness.app).post('/admin/companies').send({ name: 'Sneaky' });

    // Assert
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('when called with a wrong token or a company API key, then it answers 401', async () => {
    // Arrange
    const tenant = await newTenant(harness);

    // Act
    const wrong = await request(harness.app)
      .post('/admin/companies')
      .set('Authorization', 'Bearer not-the-admin-token')
      .send({ name: 'Sneaky' });
    const companyKey = await request(harness.app)
      .post('/admin/companies')
      .set('Authorization', `Bearer ${tenant.apiKey}`)
      .send({ name: 'Sneaky' });

    // Assert
    expect(wrong.status).toBe(401);
    expect(companyKey.status).toBe(401);
  });

  it('when the name is missing or blank, then it answers 422 naming the field', async () => {
    // Act
    const missing = await request(harness.app)
      .post('/admin/companies')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({});
    const blank = await request(harness.app)
      .post('/admin/companies')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ name: '   ' });

    // Assert
    for (const res of [missing, blank]) {
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: ['name'] })]);
    }
  });

  it('when the admin token is empty, then a request without a token is still refused', async () => {
    // Arrange
    const open = createApiHarness({ adminToken: '' });

    try {
      // Act
      const res = await request(open.app).post('/admin/companies').send({ name: 'Anyone' });

      // Assert
      expect(res.status).toBe(401);
    } finally {
      await open.close();
    }
  });
});

describe('API key authentication on /v1', () => {
  it('when no Authorization header is sent, then it answers 401 with a JSON error', async () => {
    // Act
    const res = await request(harness.app).get('/v1/settings');

    // Assert
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({ code: 'unauthorized', message: expect.any(String) });
  });

  it('when the key is unknown or not a Bearer credential, then it answers 401', async () => {
    // Arrange
    const tenant = await newTenant(harness);

    // Act
    const unknown = await request(harness.app)
      .get('/v1/clients')
      .set('Authorization', 'Bearer cn_does-not-exist');
    const basic = await request(harness.app)
      .get('/v1/clients')
      .set('Authorization', `Basic ${tenant.apiKey}`);
    const bare = await request(harness.app).get('/v1/clients').set('Authorization', tenant.apiKey);

    // Assert
    expect(unknown.status).toBe(401);
    expect(basic.status).toBe(401);
    expect(bare.status).toBe(401);
  });

  it('when a write is sent without a key, then nothing is created', async () => {
    // Arrange
    const tenant = await newTenant(harness);

    // Act
    const res = await request(harness.app).post('/v1/clients').send({ name: 'Ghost' });

    // Assert
    expect(res.status).toBe(401);
    const list = await tenant.http.get('/v1/clients');
    expect(list.body.items).toEqual([]);
  });
});

describe('tenant isolation', () => {
  async function otherCompanysResources() {
    const owner = await newTenant(harness, 'Owner Ltd');
    const location = await owner.http.post('/v1/locations', {
      name: 'Main',
      timezone: 'Europe/Kyiv',
      workingHours: weekdayHours,
    });
    const status = await owner.http.post('/v1/statuses', { entity: 'order', name: 'New' });
    const client = await owner.http.post('/v1/clients', { name: 'Olena', phone: '+380501234567' });
    expect([location.status, status.status, client.status]).toEqual([201, 201, 201]);
    return { owner, locationId: location.body.id, statusId: status.body.id, clientId: client.body.id };
  }

  it("when a company reads, changes or deletes another company's location, then it answers 404", async () => {
    // Arrange
    const { owner, locationId } = await otherCompanysResources();
    const intruder = await newTenant(harness, 'Intruder Ltd');

    // Act
    const get = await intruder.http.get(`/v1/locations/${locationId}`);
    const patch = await intruder.http.patch(`/v1/locations/${locationId}`, { name: 'Mine now' });
    const del = await intruder.http.delete(`/v1/locations/${locationId}`);
    const list = await intruder.http.get('/v1/locations');

    // Assert
    expect([get.status, patch.status, del.status]).toEqual([404, 404, 404]);
    expect(get.body.error.code).toBe('not_found');
    expect(list.body.items).toEqual([]);
    const stillThere = await owner.http.get(`/v1/locations/${locationId}`);
    expect(stillThere.status).toBe(200);
    expect(stillThere.body.name).toBe('Main');
  });

  it("when a company reads, changes or deletes another company's status, then it answers 404", async () => {
    // Arrange
    const { owner, statusId } = await otherCompanysResources();
    const intruder = await newTenant(harness, 'Intruder Ltd');

    // Act
    const get = await intruder.http.get(`/v1/statuses/${statusId}`);
    const patch = await intruder.http.patch(`/v1/statuses/${statusId}`, { name: 'Hijacked' });
    const del = await intruder.http.delete(`/v1/statuses/${statusId}`);
    const list = await intruder.http.get('/v1/statuses');

    // Assert
    expect([get.status, patch.status, del.status]).toEqual([404, 404, 404]);
    expect(list.body.items).toEqual([]);
    const stillThere = await owner.http.get(`/v1/statuses/${statusId}`);
    expect(stillThere.body.name).toBe('New');
  });

  it("when a company reads or changes another company's client, then every client endpoint answers 404", async () => {
    // Arrange
    const { owner, clientId } = await otherCompanysResources();
    const intruder = await newTenant(harness, 'Intruder Ltd');

    // Act
    const get = await intruder.http.get(`/v1/clients/${clientId}`);
    const patch = await intruder.http.patch(`/v1/clients/${clientId}`, { consent: { sms: true } });
    const history = await intruder.http.get(`/v1/clients/${clientId}/consent-history`);
    const diagnostics = await intruder.http.get(`/v1/clients/${clientId}/diagnostics`);
    const list = await intruder.http.get('/v1/clients');
    const byPhone = await intruder.http.get('/v1/clients?phone=%2B380501234567');

    // Assert
    expect([get.status, patch.status, history.status, diagnostics.status]).toEqual([404, 404, 404, 404]);
    expect(list.body.items).toEqual([]);
    expect(byPhone.body.items).toEqual([]);
    const untouched = await owner.http.get(`/v1/clients/${clientId}`);
    expect(untouched.body.consent.sms).toBe(false);
  });

  it("when duplicate prevention is on, then another company's client with the same phone is no conflict", async () => {
    // Arrange
    await otherCompanysResources();
    const other = await newTenant(harness, 'Other Ltd');
    await other.http.patch('/v1/settings', { preventDuplicateClients: true });

    // Act
    const res = await other.http.post('/v1/clients', { name: 'Olena too', phone: '+380501234567' });

    // Assert
    expect(res.status).toBe(201);
  });
});
