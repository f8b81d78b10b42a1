import { createApiHarness, newTenant, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

async function tenantPreventingDuplicates() {
  const tenant = await newTenant(harness);
  await tenant.http.patch('/v1/settings', { preventDuplicateClients: true, defaultCountry: 'UA' });
  return tenant;
}

describe('duplicate prevention on create', () => {
  it('when the same phone is written differently, then it answers 409 with the existing client id and field phone', async () => {
    // Arrange
    const { http } = await tenantPreventingDuplicates();
    const existing = await http.post('/v1/clients', { name: 'Olena', phone: '+380501234567' });

    // Act
    const res = await http.post('/v1/clients', { name: 'Olena again', phone: '050 123-45-67' });

    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'duplicate_client',
      message: expect.any(String),
      details: { existingClientId: existing.body.id, field: 'phone' },
    });
    expect((await http.get('/v1/clients')).body.items).toHaveLength(1);
  });

  it('when the same email differs in case and spaces, then it answers 409 with field email', async () => {
    // Arrange
    const { http } = await tenantPreventingDuplicates();
    const existing = await http.post('/v1/clients', { name: 'Olena', email: 'olena@example.com' });

    // Act
    const res = await http.post('/v1/clients', { name: 'Olena again', email: ' Olena@Example.com' });

    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ existingClientId: existing.body.id, field: 'email' });
  });

  it('when both phone and email collide, then the conflict names the phone', async () => {
    // Arrange
    const { http } = await tenantPreventingDuplicates();
    const byEmail = await http.post('/v1/clients', { name: 'A', email: 'shared@example.com' });
    const byPhone = await http.post('/v1/clients', { name: 'B', phone: '+380501234567' });

    // Act
    const res = await http.post('/v1/clients', {
      name: 'C',
      phone: '0501234567',
      email: 'shared@example.com',
    });

    // Assert
    expect(byEmail.status).toBe(201);
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ existingClientId: byPhone.body.id, field: 'phone' });
  });

  it('when clients have no contacts at all, then they are not duplicates of each other', async () => {
    // Arrange
    const { http } = await tenantPreventingDuplicates();
    await http.post('/v1/clients', { name: 'Walk-in' });

    // Act
    const res = await http.post('/v1/clients', { name: 'Walk-in', phone: null, email: '' });

    // Assert
    expect(res.status).toBe(201);
  });

  it('when the setting is off, then a client with the same phone and email is created', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    await http.post('/v1/clients', { name: 'Olena', phone: '+380501234567', email: 'olena@example.com' });

    // Act
    const res = await http.post('/v1/clients', {
      name: 'Olena 2',
      phone: '+380501234567',
      email: 'OLENA@example.com',
    });

    // Assert
    expect(res.status).toBe(201);
    expect((await http.get('/v1/clients?phone=%2B380501234567')).body.items).toHaveLength(2);
  });
});

describe('duplicate prevention on change', () => {
  it("when a client's phone is changed to another client's, then it answers 409 and nothing changes", async () => {
    // Arrange
    const { http } = await tenantPreventingDuplicates();
    const olena = await http.post('/v1/clients', { name: 'Olena', phone: '+380501234567' });
    const petro = await http.post('/v1/clients', { name: 'Petro', phone: '+380677654321' });

    // Act
    const res = await http.patch(`/v1/clients/${petro.body.id}`, { phone: '0501234567' });

    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ existingClientId: olena.body.id, field: 'phone' });
    expect((await http.get(`/v1/clients/${petro.body.id}`)).body.phone).toBe('+380677654321');
  });

  it("when a client's email is changed to another client's, then it answers 409 with field email", async () => {
    // Arrange
    const { http } = await tenantPreventingDuplicates();
    const olena = await http.post('/v1/clients', { name: 'Olena', email: 'olena@example.com' });
    const petro = await http.post('/v1/clients', { name: 'Petro', email: 'petro@example.com' });

    // Act
    const res = await http.patch(`/v1/clients/${petro.body.id}`, { email: 'OLENA@example.com' });

    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ existingClientId: olena.body.id, field: 'email' });
  });

  it('when a client is patched with its own contacts or only its name, then there is no conflict', async () => {
    // Arrange
    const { http } = await tenantPreventingDuplicates();
    const olena = await http.post('/v1/clients', {
      name: 'Olena',
      phone: '+380501234567',
      email: 'o@example.com',
    });

    // Act
    const same = await http.patch(`/v1/clients/${olena.body.id}`, {
      phone: '050 123 4567',
      email: 'O@example.com',
    });
    const renamed = await http.patch(`/v1/clients/${olena.body.id}`, { name: 'Olena K.' });

    // Assert
    expect(same.status).toBe(200);
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Olena K.', phone: '+380501234567', email: 'o@example.com' });
  });

  it('when the setting is off, then a contact may be changed to one another client has', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    await http.post('/v1/clients', { name: 'Olena', phone: '+380501234567' });
    const petro = await http.post('/v1/clients', { name: 'Petro' });

    // Act
    const res = await http.patch(`/v1/clients/${petro.body.id}`, { phone: '+380501234567' });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.phone).toBe('+380501234567');
  });
});

describe('duplicate prevention under concurrency', () => {
  it('when 10 creates with one phone run at once, then exactly one is created and nine answer 409', async () => {
    // Arrange
    const { company, http } = await tenantPreventingDuplicates();
    const spellings = ['+380501234567', '050 123 4567', '0501234567', '(050) 123-45-67', '+380 50 123 45 67'];

    // Act
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        http.post('/v1/clients', { name: `Racer ${i}`, phone: spellings[i % spellings.length] }),
      ),
    );

    // Assert
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const winner = responses.find((r) => r.status === 201)!;
    for (const loser of responses.filter((r) => r.status === 409)) {
      expect(loser.body.error.details).toEqual({ existingClientId: winner.body.id, field: 'phone' });
    }
    const { rows } = await harness.db.query('SELECT id FROM clients WHERE company_id = $1 AND phone = $2', [
      company.id,
      '+380501234567',
    ]);
    expect(rows).toEqual([{ id: winner.body.id }]);
  });

  it('when 10 creates with one email run at once, then exactly one client has that email', async () => {
    // Arrange
    const { company, http } = await tenantPreventingDuplicates();

    // Act
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        http.post('/v1/clients', {
          name: `Racer ${i}`,
          email: i % 2 ? 'RACE@example.com' : 'race@example.com',
        }),
      ),
    );

    // Assert
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(9);
    const { rows } = await harness.db.query('SELECT count(*)::int AS n FROM clients WHERE company_id = $1', [
      company.id,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('when two clients change to the same phone at once, then only one change is accepted', async () => {
    // Arrange
    const { company, http } = await tenantPreventingDuplicates();
    const a = await http.post('/v1/clients', { name: 'A' });
    const b = await http.post('/v1/clients', { name: 'B' });

    // Act
    const responses = await Promise.all([
      http.patch(`/v1/clients/${a.body.id}`, { phone: '+380501234567' }),
      http.patch(`/v1/clients/${b.body.id}`, { phone: '050 123 4567' }),
    ]);

    // Assert
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    const { rows } = await harness.db.query(
      'SELECT count(*)::int AS n FROM clients WHERE company_id = $1 AND phone = $2',
      [company.id, '+380501234567'],
    );
    expect(rows[0].n).toBe(1);
  });
});
