import { createApiHarness, newTenant, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

describe('POST /v1/statuses', () => {
  it('when final is left out, then the status is created not final', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/statuses', { entity: 'order', name: 'In repair' });

    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), entity: 'order', name: 'In repair', final: false });
  });

  it('when a final lead status is created, then it is returned bare with final true', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/statuses', { entity: 'lead', name: 'Won', final: true });

    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), entity: 'lead', name: 'Won', final: true });
    expect((await http.get(`/v1/statuses/${res.body.id}`)).body).toEqual(res.body);
  });

  it('when entity, name and final are invalid, then it answers 422 listing each field', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/statuses', { entity: 'invoice', name: '', final: 'yes' });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: unknown[] }) => d.path)).toEqual(
      expect.arrayContaining([['entity'], ['name'], ['final']]),
    );
  });
});

describe('GET /v1/statuses', () => {
  it('when filtered by entity, then only statuses of that entity are listed', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const orderNew = await http.post('/v1/statuses', { entity: 'order', name: 'New' });
    const leadNew = await http.post('/v1/statuses', { entity: 'lead', name: 'New' });
    const orderDone = await http.post('/v1/statuses', { entity: 'order', name: 'Done', final: true });

    // Act
    const orders = await http.get('/v1/statuses?entity=order');
    const leads = await http.get('/v1/statuses?entity=lead');
    const all = await http.get('/v1/statuses');

    // Assert
    expect(orders.body).toEqual({ items: [orderNew.body, orderDone.body], nextCursor: null });
    expect(leads.body).toEqual({ items: [leadNew.body], nextCursor: null });
    expect(all.body.items).toEqual([orderNew.body, leadNew.body, orderDone.body]);
  });

  it('when the entity filter is unknown, then it answers 422 on entity', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.get('/v1/statuses?entity=invoice');

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toEqual(['entity']);
  });

  it('when there are more statuses than one page, then the cursor continues where the page ended', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const createdIds: string[] = [];
    for (let i = 0; i < 55; i++) {
      createdIds.push((await http.post('/v1/statuses', { entity: 'order', name: `Step ${i}` })).body.id);
    }
    await http.post('/v1/statuses', { entity: 'lead', name: 'Not listed' });

    // Act
    const page1 = await http.get('/v1/statuses?entity=order');
    const page2 = await http.get(`/v1/statuses?entity=order&cursor=${page1.body.nextCursor}`);

    // Assert
    expect(page1.body.items).toHaveLength(50);
    expect(page2.body.items).toHaveLength(5);
    expect(page2.body.nextCursor).toBeNull();
    const listed = [...page1.body.items, ...page2.body.items].map((s: { id: string }) => s.id);
    expect(listed).toEqual(createdIds);
  });
});

describe('PATCH /v1/statuses/{id}', () => {
  it('when the status is renamed and made final, then both change and entity stays', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const created = await http.post('/v1/statuses', { entity: 'order', name: 'Ready' });

    // Act
    const res = await http.patch(`/v1/statuses/${created.body.id}`, { name: 'Picked up', final: true });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: created.body.id, entity: 'order', name: 'Picked up', final: true });
  });

  it('when final is switched off again, then the name is kept', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const created = await http.post('/v1/statuses', { entity: 'order', name: 'Closed', final: true });

    // Act
    const res = await http.patch(`/v1/statuses/${created.body.id}`, { final: false });

    // Assert
    expect(res.body).toEqual({ ...created.body, final: false });
  });

  it('when the entity is changed, then it is refused with 422 (a status belongs to one entity)', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const created = await http.post('/v1/statuses', { entity: 'order', name: 'New' });

    // Act
    const res = await http.patch(`/v1/statuses/${created.body.id}`, { entity: 'lead' });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toEqual(['entity']);
  });
});

describe('DELETE /v1/statuses/{id}', () => {
  it('when the status is unused, then it answers 204 and is gone', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const created = await http.post('/v1/statuses', { entity: 'lead', name: 'Lost', final: true });

    // Act
    const res = await http.delete(`/v1/statuses/${created.body.id}`);

    // Assert
    expect(res.status).toBe(204);
    expect((await http.get(`/v1/statuses/${created.body.id}`)).status).toBe(404);
    expect((await http.get('/v1/statuses')).body.items).toEqual([]);
  });

  it('when an order still uses the status, then it answers 409 and the status stays', async () => {
    // Arrange
    const { company, http } = await newTenant(harness);
    const status = await http.post('/v1/statuses', { entity: 'order', name: 'New' });
    const location = await http.post('/v1/locations', { name: 'Main', timezone: 'UTC', workingHours: {} });
    const client = await http.post('/v1/clients', { name: 'Olena' });
    await harness.db.query(
      'INSERT INTO orders (company_id, number, client_id, location_id, status_id) VALUES ($1, $2, $3, $4, $5)',
      [company.id, '1', client.body.id, location.body.id, status.body.id],
    );

    // Act
    const res = await http.delete(`/v1/statuses/${status.body.id}`);

    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('status_in_use');
    expect((await http.get(`/v1/statuses/${status.body.id}`)).status).toBe(200);
  });
});
