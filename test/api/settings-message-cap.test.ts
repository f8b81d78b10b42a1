import { createApiHarness, newTenant, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness();
});
afterAll(() => harness.close());

describe('settings: maxMessagesPerClientPerDay', () => {
  it('when the company is new, then there is no cap (null)', async () => {
    const { http } = await newTenant(harness);

    const res = await http.get('/v1/settings');

    expect(res.body.maxMessagesPerClientPerDay).toBeNull();
  });

  it('when a cap is set and then cleared, then each answer and later read shows it', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const set = await http.patch('/v1/settings', { maxMessagesPerClientPerDay: 3 });
    const readSet = await http.get('/v1/settings');
    const cleared = await http.patch('/v1/settings', { maxMessagesPerClientPerDay: null });

    // Assert
    expect(set.status).toBe(200);
    expect(set.body.maxMessagesPerClientPerDay).toBe(3);
    expect(readSet.body.maxMessagesPerClientPerDay).toBe(3);
    expect(cleared.body.maxMessagesPerClientPerDay).toBeNull();
  });

  it.each([0, -2, 1.5, '3', true])(
    'when the cap is %p, then it answers 422 on the field and keeps the old one',
    async (value) => {
      // Arrange
      const { http } = await newTenant(harness);
      await http.patch('/v1/settings', { maxMessagesPerClientPerDay: 5 });

      // Act
      const res = await http.patch('/v1/settings', { maxMessagesPerClientPerDay: value });

      // Assert
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([
        expect.objectContaining({ path: ['maxMessagesPerClientPerDay'] }),
      ]);
      expect((await http.get('/v1/settings')).body.maxMessagesPerClientPerDay).toBe(5);
    },
  );

  it('when one company sets a cap, then another company’s settings are untouched', async () => {
    const a = await newTenant(harness);
    const b = await newTenant(harness);

    await a.http.patch('/v1/settings', { maxMessagesPerClientPerDay: 2 });

    expect((await b.http.get('/v1/settings')).body.maxMessagesPerClientPerDay).toBeNull();
  });
});
