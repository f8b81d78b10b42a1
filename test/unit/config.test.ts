import { loadEnv } from '../../src/config';

describe('loadEnv', () => {
  it('when ADMIN_TOKEN is shorter than 24 characters, then start-up fails with a message that says so', () => {
    expect(() => loadEnv({ ADMIN_TOKEN: 'change-me' })).toThrow(
      /ADMIN_TOKEN: must be at least 24 characters/,
    );
  });

  it('when ADMIN_TOKEN has 24 characters or is unset, then it is accepted', () => {
    expect(loadEnv({ ADMIN_TOKEN: 'a'.repeat(24) }).ADMIN_TOKEN).toBe('a'.repeat(24));
    expect(loadEnv({}).ADMIN_TOKEN).toBeUndefined();
  });
});
