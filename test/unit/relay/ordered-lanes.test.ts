import { runInOrderedLanes } from '../../../src/relay/ordered-lanes';

interface Item {
  key: string;
  n: number;
}

/** Work that finishes in an order set by `delays`, recording when each item starts and ends. */
function recorder(delays: Record<string, number> = {}, failing: string[] = []) {
  const log: string[] = [];
  let running = 0;
  let maxRunning = 0;
  const work = async ({ key, n }: Item) => {
    const name = `${key}${n}`;
    running++;
    maxRunning = Math.max(maxRunning, running);
    log.push(`start ${name}`);
    // Settles after the given number of microtask turns: deterministic, no timers.
    for (let i = 0; i < (delays[name] ?? 1); i++) await Promise.resolve();
    running--;
    if (failing.includes(name)) throw new Error(`${name} failed`);
    log.push(`end ${name}`);
  };
  return { log, work, maxRunning: () => maxRunning };
}

const items = (spec: string) => spec.split(' ').map((s) => ({ key: s[0]!, n: Number(s.slice(1)) }));

describe('runInOrderedLanes', () => {
  test('when items of one key are slow and another key’s are quick, then each key keeps its order and the quick key is not held up', async () => {
    // Arrange
    const r = recorder({ a1: 20, a2: 20 });

    // Act
    const done = await runInOrderedLanes(items('a1 b1 a2 b2'), (i) => i.key, r.work, 4);

    // Assert
    expect(done).toBe(4);
    const order = r.log.filter((l) => l.startsWith('end')).map((l) => l.slice(4));
    expect(order.indexOf('a1')).toBeLessThan(order.indexOf('a2'));
    expect(order.indexOf('b1')).toBeLessThan(order.indexOf('b2'));
    expect(order.indexOf('b2')).toBeLessThan(order.indexOf('a1'));
    expect(r.log.indexOf('start a2')).toBeGreaterThan(r.log.indexOf('end a1'));
  });

  test('when there are more keys than lanes, then no more than the limit run at once', async () => {
    // Arrange
    const r = recorder();

    // Act
    await runInOrderedLanes(items('a1 b1 c1 d1 e1 f1'), (i) => i.key, r.work, 2);

    // Assert
    expect(r.maxRunning()).toBe(2);
    expect(r.log.filter((l) => l.startsWith('end'))).toHaveLength(6);
  });

  test('when an item fails, then the later items of its key are left undone, other keys finish, and the failure is thrown', async () => {
    // Arrange
    const r = recorder({}, ['a1']);

    // Act
    const outcome = runInOrderedLanes(items('a1 b1 a2 b2'), (i) => i.key, r.work, 4);

    // Assert
    await expect(outcome).rejects.toThrow('a1 failed');
    expect(r.log).not.toContain('start a2');
    expect(r.log).toEqual(expect.arrayContaining(['end b1', 'end b2']));
  });

  test('when there is nothing to do, then nothing runs', async () => {
    // Act, Assert
    await expect(
      runInOrderedLanes(
        [],
        () => 'x',
        async () => undefined,
        4,
      ),
    ).resolves.toBe(0);
  });
});
