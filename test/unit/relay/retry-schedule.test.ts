import { afterFailedAttempt } from '../../../src/relay/retry-schedule';

const policy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 5000 };

describe('afterFailedAttempt', () => {
  test('when attempts fail one after another, then the wait doubles up to its ceiling and the last attempt parks the event', () => {
    // Act
    const steps = [1, 2, 3, 4, 5].map((n) => afterFailedAttempt(policy, n));

    // Assert
    expect(steps).toEqual([
      { park: false, retryInMs: 1000 },
      { park: false, retryInMs: 2000 },
      { park: false, retryInMs: 4000 },
      { park: false, retryInMs: 5000 },
      { park: true },
    ]);
  });

  test('when only one attempt is allowed, then the first failure parks the event', () => {
    expect(afterFailedAttempt({ ...policy, maxAttempts: 1 }, 1)).toEqual({ park: true });
  });
});
