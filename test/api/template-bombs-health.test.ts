import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiHarness, newTenant, type ApiHarness } from '../support/api-harness';

/**
 * SPEC 7: a template bomb renders off the event loop, so while several previews of one run, the
 * instance keeps answering `/health` (a load balancer would otherwise take it out) and its memory stays
 * bounded. Latency and RSS are printed, not asserted as speed.
 */
let harness: ApiHarness;
let server: Server;
let base: string;
beforeAll(async () => {
  harness = createApiHarness();
  server = await new Promise<Server>((resolve) => {
    const s = harness.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await harness.close();
});

const bomb = '{{ (1..3000000) | reverse | sort_natural | size }}';
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

async function healthWhile(work: Promise<unknown>) {
  const samples: { status: number; ms: number }[] = [];
  let peakRss = process.memoryUsage().rss;
  let done = false;
  void work.finally(() => (done = true));
  while (!done) {
    const started = performance.now();
    const res = await fetch(`${base}/health`);
    await res.arrayBuffer();
    samples.push({ status: res.status, ms: performance.now() - started });
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { samples, peakRss };
}

it('when six template-bomb previews run at once, then /health keeps answering 200 and memory stays bounded', async () => {
  // Arrange
  const { apiKey } = await newTenant(harness);
  const preview = () =>
    fetch(`${base}/v1/templates/preview`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ body: bomb }),
    }).then(async (res) => ({
      status: res.status,
      body: (await res.json()) as { error?: { details?: unknown } },
    }));
  const baselineRss = process.memoryUsage().rss;
  const rounds: { peakRss: number; health: { status: number; ms: number }[]; previews: unknown[] }[] = [];

  // Act: two rounds, so growth that does not come back would show as a higher second peak
  for (let round = 0; round < 2; round++) {
    const previews = Promise.all(Array.from({ length: 6 }, preview));
    const { samples, peakRss } = await healthWhile(previews);
    rounds.push({ peakRss, health: samples, previews: await previews });
  }

  // Assert
  for (const { health, previews } of rounds) {
    expect(previews).toEqual(
      Array(6).fill({
        status: 422,
        body: { error: expect.objectContaining({ details: { limit: 'time', path: [] } }) },
      }),
    );
    expect(health.length).toBeGreaterThan(0);
    expect(health.every((s) => s.status === 200)).toBe(true);
  }
  const peak = Math.max(...rounds.map((r) => r.peakRss));
  expect(peak - baselineRss).toBeLessThan(768 * 2 ** 20);
  for (const [i, { health, peakRss }] of rounds.entries()) {
    const ms = health.map((s) => s.ms).sort((a, b) => a - b);
    console.log(
      `round ${i + 1}: /health ${health.length} probes, median ${ms[Math.floor(ms.length / 2)]!.toFixed(1)} ms, ` +
        `max ${ms[ms.length - 1]!.toFixed(1)} ms; RSS baseline ${mb(baselineRss)} MiB, peak ${mb(peakRss)} MiB`,
    );
  }
});
