import { createApiHarness, newTenant, weekdayHours, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

/** A tenant with what an order needs: a location, a status and a client. */
async function shop() {
  const { http } = await newTenant(harness);
  const id = async (url: string, body: object) => (await http.post(url, body)).body.id as string;
  const refs = {
    locationId: await id('/v1/locations', {
      name: 'Main',
      timezone: 'Europe/Kyiv',
      workingHours: weekdayHours,
    }),
    statusId: await id('/v1/statuses', { entity: 'order', name: 'Received' }),
    clientId: await id('/v1/clients', { name: 'Olena' }),
  };
  return { http, order: (body: object = {}) => http.post('/v1/orders', { ...refs, ...body }) };
}

describe('POST /v1/orders: the due date', () => {
  test.each([
    ['2026-11-25T10:00:00Z', '2026-11-25T10:00:00.000Z'],
    ['2026-11-25T12:00+02:00', '2026-11-25T10:00:00.000Z'],
    ['2026-11-25 10:00:00z', '2026-11-25T10:00:00.000Z'],
    ['2026-11-25T15:30:00.250+0530', '2026-11-25T10:00:00.250Z'],
  ])('when the due date is %s (ISO-8601 with an offset), then it is stored as %s', async (given, stored) => {
    // Arrange
    const { order } = await shop();

    // Act
    const res = await order({ dueDate: given });

    // Assert
    expect(res.status).toBe(201);
    expect(res.body.dueDate).toBe(stored);
  });

  test.each([
    ['without an offset', '2026-11-25T10:00:00'],
    ['on a day that does not exist', '2026-02-30T10:00:00Z'],
    ['in year 0', '0000-01-01T00:00:00Z'],
    ['past year 9999 in UTC', '9999-12-31T23:59:59-14:00'],
    ['not a date', 'tomorrow'],
  ])('when the due date is %s, then it answers 422 naming dueDate', async (_what, given) => {
    // Arrange
    const { order } = await shop();

    // Act
    const res = await order({ dueDate: given });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: ['dueDate'] })]);
  });
});

describe('POST /v1/orders: the number', () => {
  test('when the number holds a NUL character, then it answers 422 naming number', async () => {
    // Arrange
    const { order } = await shop();

    // Act
    const res = await order({ number: 'A\u0000B' });

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: ['number'] })]);
  });

  test('when a caller already chose the number the counter would give next, then the generated number skips it', async () => {
    // Arrange
    const { order } = await shop();
    const first = await order();
    const next = String(Number(first.body.number) + 1);
    await order({ number: next });

    // Act
    const generated = await order();

    // Assert
    expect(generated.status).toBe(201);
    expect(generated.body.number).toBe(String(Number(next) + 1));
  });
});
