import { isFrequencyCapped } from '../../../src/domain/frequency-cap';

const NOW = new Date('2027-03-01T10:00:00.000Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

describe('isFrequencyCapped: at most N messages per client in a rolling 24 hours', () => {
  test('when the cap is off (null), then nothing is capped however many messages went out', () => {
    expect(isFrequencyCapped(null, [hoursAgo(1), hoursAgo(2), hoursAgo(3)], NOW)).toBe(false);
  });

  test('when fewer messages than the cap went out in the last 24 hours, then one more may go', () => {
    expect(isFrequencyCapped(3, [hoursAgo(1), hoursAgo(5)], NOW)).toBe(false);
  });

  test('when the cap is reached within the last 24 hours, then the next message is capped', () => {
    expect(isFrequencyCapped(2, [hoursAgo(1), hoursAgo(23)], NOW)).toBe(true);
  });

  test('when older messages fall out of the window, then they no longer count (rolling, not per calendar day)', () => {
    expect(isFrequencyCapped(2, [hoursAgo(1), hoursAgo(24), hoursAgo(30)], NOW)).toBe(false);
    expect(isFrequencyCapped(2, [hoursAgo(1), hoursAgo(23.99)], NOW)).toBe(true);
  });

  test('when the messages are given in any order, then only the count within the window matters', () => {
    expect(isFrequencyCapped(2, [hoursAgo(30), hoursAgo(2), hoursAgo(40), hoursAgo(1)], NOW)).toBe(true);
  });
});
