import { createApiHarness, newTenant, weekdayHours, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

const closedWeek = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const podil = {
  name: 'Podil',
  timezone: 'Europe/Kyiv',
  address: 'Khoryva St 1',
  phone: '+380441234567',
  workingHours: weekdayHours,
};

describe('POST /v1/locations', () => {
  it('when the location is valid, then it answers 201 with the stored location', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/locations', podil);

    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), ...podil });
    const read = await http.get(`/v1/locations/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it('when address and phone are left out and some weekdays are missing, then they are null and closed', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/locations', {
      name: 'Kiosk',
      timezone: 'UTC',
      workingHours: { sat: [{ from: '10:00', to: '14:00' }] },
    });

    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      address: null,
      phone: null,
      timezone: 'UTC',
      workingHours: { ...closedWeek, sat: [{ from: '10:00', to: '14:00' }] },
    });
  });

  it.each(['UTC', 'Europe/Kyiv', 'America/New_York', 'Asia/Kolkata'])(
    'when the time zone is %s, then it is accepted',
    async (timezone) => {
      // Arrange
      const { http } = await newTenant(harness);

      // Act
      const res = await http.post('/v1/locations', { ...podil, timezone });

      // Assert
      expect(res.status).toBe(201);
      expect(res.body.timezone).toBe(timezone);
    },
  );

  it.each(['Mars/Base', '+02:00', '', ' Europe/Kyiv'])(
    'when the time zone is %j, then it answers 422 on field timezone',
    async (timezone) => {
      // Arrange
      const { http } = await newTenant(harness);

      // Act
      const res = await http.post('/v1/locations', { ...podil, timezone });

      // Assert
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: ['timezone'] })]);
    },
  );

  it('when an interval ends at 24:00, then it is accepted', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/locations', {
      ...podil,
      workingHours: { fri: [{ from: '18:00', to: '24:00' }], sat: [{ from: '00:00', to: '02:00' }] },
    });

    // Assert
    expect(res.status).toBe(201);
    expect(res.body.workingHours.fri).toEqual([{ from: '18:00', to: '24:00' }]);
  });

  it('when an interval is malformed, then it answers 422 with the path of that interval field', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/locations', {
      ...podil,
      workingHours: { ...weekdayHours, tue: [{ from: '9:00', to: '18:00' }] },
    });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: ['workingHours', 'tue', 0, 'from'] }),
    ]);
  });

  it('when two intervals of a day overlap, then it answers 422 pointing at the later interval', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/locations', {
      ...podil,
      workingHours: {
        mon: [
          { from: '09:00', to: '13:00' },
          { from: '12:00', to: '18:00' },
        ],
      },
    });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toEqual(['workingHours', 'mon', 1]);
  });

  it('when from is not before to, then it answers 422 on that interval', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const equal = await http.post('/v1/locations', {
      ...podil,
      workingHours: { wed: [{ from: '10:00', to: '10:00' }] },
    });
    const reversed = await http.post('/v1/locations', {
      ...podil,
      workingHours: { wed: [{ from: '22:00', to: '02:00' }] },
    });

    // Assert
    for (const res of [equal, reversed]) {
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([
        expect.objectContaining({ path: ['workingHours', 'wed', 0, 'to'] }),
      ]);
    }
  });

  it('when working hours are not an object or name an unknown weekday, then it answers 422', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const notObject = await http.post('/v1/locations', { ...podil, workingHours: 'always' });
    const unknownDay = await http.post('/v1/locations', { ...podil, workingHours: { monday: [] } });
    const missing = await http.post('/v1/locations', { name: 'No hours', timezone: 'UTC' });

    // Assert
    expect(notObject.status).toBe(422);
    expect(notObject.body.error.details[0].path).toEqual(['workingHours']);
    expect(unknownDay.status).toBe(422);
    expect(unknownDay.body.error.details[0].path).toEqual(['workingHours', 'monday']);
    expect(missing.status).toBe(422);
    expect(missing.body.error.details[0].path).toEqual(['workingHours']);
  });

  it('when the name is missing and an unknown field is sent, then both are reported', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/locations', { timezone: 'UTC', workingHours: {}, colour: 'red' });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: unknown[] }) => d.path)).toEqual(
      expect.arrayContaining([['name'], ['colour']]),
    );
  });
});

describe('GET /v1/locations', () => {
  it('when the company has a few locations, then they are listed oldest first with nextCursor null', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const first = await http.post('/v1/locations', { ...podil, name: 'First' });
    const second = await http.post('/v1/locations', { ...podil, name: 'Second' });

    // Act
    const res = await http.get('/v1/locations');

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [first.body, second.body], nextCursor: null });
  });

  it('when there are more locations than one page, then following nextCursor lists each exactly once, oldest first', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const createdIds: string[] = [];
    for (let i = 0; i < 51; i++) {
      createdIds.push((await http.post('/v1/locations', { ...podil, name: `Shop ${i}` })).body.id);
    }

    // Act
    const page1 = await http.get('/v1/locations');
    const page2 = await http.get(`/v1/locations?cursor=${encodeURIComponent(page1.body.nextCursor)}`);

    // Assert
    expect(page1.body.items).toHaveLength(50);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    expect(page2.status).toBe(200);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.nextCursor).toBeNull();
    const listedIds = [...page1.body.items, ...page2.body.items].map((l: { id: string }) => l.id);
    expect(listedIds).toEqual(createdIds);
  });
});

describe('PATCH /v1/locations/{id}', () => {
  it('when some fields are changed, then only those change', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const created = await http.post('/v1/locations', podil);

    // Act
    const res = await http.patch(`/v1/locations/${created.body.id}`, {
      name: 'Podil (new)',
      address: null,
      workingHours: { sun: [{ from: '10:00', to: '16:00' }] },
    });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...created.body,
      name: 'Podil (new)',
      address: null,
      workingHours: { ...closedWeek, sun: [{ from: '10:00', to: '16:00' }] },
    });
    expect((await http.get(`/v1/locations/${created.body.id}`)).body).toEqual(res.body);
  });

  it('when the patch is invalid, then it answers 422 with paths and the location is unchanged', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const created = await http.post('/v1/locations', podil);

    // Act
    const res = await http.patch(`/v1/locations/${created.body.id}`, {
      timezone: 'Mars/Base',
      workingHours: { thu: [{ from: '09:00', to: '18:00' }, { from: '17:00' }] },
    });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: unknown[] }) => d.path)).toEqual(
      expect.arrayContaining([['timezone'], ['workingHours', 'thu', 1, 'to']]),
    );
    expect((await http.get(`/v1/locations/${created.body.id}`)).body).toEqual(created.body);
  });

  it('when the hours would leave no open interval while a workingHoursOnly rule is enabled there, then it answers 422 and the hours stay', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const location = (await http.post('/v1/locations', podil)).body;
    const template = (await http.post('/v1/templates', { name: 'Ready', body: 'Ready' })).body;
    const rule = (
      await http.post('/v1/notification-rules', {
        entity: 'order',
        kind: 'notification',
        locationId: location.id,
        trigger: { type: 'order.created' },
        channel: 'sms',
        templateId: template.id,
        workingHoursOnly: true,
      })
    ).body;

    // Act
    const refused = await http.patch(`/v1/locations/${location.id}`, { workingHours: closedWeek });
    await http.patch(`/v1/notification-rules/${rule.id}`, { enabled: false });
    const allowed = await http.patch(`/v1/locations/${location.id}`, { workingHours: closedWeek });

    // Assert
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: ['workingHours'] })]);
    expect(allowed.status).toBe(200);
    expect(allowed.body.workingHours).toEqual(closedWeek);
  });

  it('when the location does not exist, then it answers 404', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.patch('/v1/locations/6f1c2b8e-0d7a-4c1e-9b55-3c1f0a9e2d11', { name: 'x' });

    // Assert
    expect(res.status).toBe(404);
  });
});

describe('DELETE /v1/locations/{id}', () => {
  it('when the location has no orders, then it answers 204 and is gone', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const created = await http.post('/v1/locations', podil);

    // Act
    const res = await http.delete(`/v1/locations/${created.body.id}`);

    // Assert
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await http.get(`/v1/locations/${created.body.id}`)).status).toBe(404);
    expect((await http.delete(`/v1/locations/${created.body.id}`)).status).toBe(404);
  });

  it('when an order still belongs to the location, then it answers 409 and the location stays', async () => {
    // Arrange
    const { company, http } = await newTenant(harness);
    const location = await http.post('/v1/locations', podil);
    const status = await http.post('/v1/statuses', { entity: 'order', name: 'New' });
    const client = await http.post('/v1/clients', { name: 'Olena' });
    await harness.db.query(
      'INSERT INTO orders (company_id, number, client_id, location_id, status_id) VALUES ($1, $2, $3, $4, $5)',
      [company.id, '1', client.body.id, location.body.id, status.body.id],
    );

    // Act
    const res = await http.delete(`/v1/locations/${location.body.id}`);

    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('location_in_use');
    expect((await http.get(`/v1/locations/${location.body.id}`)).status).toBe(200);
  });

  it('when a notification rule still belongs to the location, then it answers 409 and both stay', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const location = (await http.post('/v1/locations', podil)).body;
    const template = (await http.post('/v1/templates', { name: 'Ready', body: 'Ready' })).body;
    const rule = (
      await http.post('/v1/notification-rules', {
        entity: 'order',
        kind: 'reminder',
        locationId: location.id,
        channel: 'sms',
        templateId: template.id,
        remindBefore: { value: 1, unit: 'days' },
      })
    ).body;

    // Act
    const res = await http.delete(`/v1/locations/${location.id}`);

    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'location_in_use',
      message: expect.stringContaining('rules'),
    });
    expect((await http.get(`/v1/locations/${location.id}`)).status).toBe(200);
    expect((await http.get(`/v1/notification-rules/${rule.id}`)).status).toBe(200);
  });
});
