/**
 * `npm run bench`: in one run on one dev server, the bare baseline (signal-with-start of a long-lived
 * workflow running one no-op activity per signal) and ours end to end (POST /v1/orders → transactional
 * outbox → relay → workflow → plan → send → provider), each for sequential latency and burst throughput.
 * The last line is the summary the issue asks for. `--profile` adds where each millisecond goes (from the
 * workflows' histories) and the database round trips per order. Options: --orders (sequential, 200),
 * --burst (1000), --concurrency (16 requests at a time in a burst), --sdk-defaults (worker settings).
 */
import { parseArgs } from 'node:util';
import os from 'node:os';
import { workflowIdFor } from '../src/workflows/definitions';
import { BASELINE_TASK_QUEUE, pingSignal } from './baseline/definitions';
import { Arrivals } from './support/arrivals';
import { CpuMeter, type CpuReading } from './support/cpu';
import { RoundTripCounter } from './support/db-round-trips';
import { profileWorkflow, medianSegments, type Segment } from './support/history-profile';
import { progress, step } from './support/progress';
import { ORDER_CREATED_RULE, orderNumberIn, setUpShop, type BenchShop } from './support/shop';
import { startBenchStack, type BenchStack } from './support/stack';
import { fmt, median, pooled, summarize } from './support/stats';

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string', default: process.env.BENCH_ORDERS ?? '200' },
    burst: { type: 'string', default: process.env.BENCH_BURST ?? '1000' },
    concurrency: { type: 'string', default: '16' },
    profile: { type: 'boolean', default: false },
    'sdk-defaults': { type: 'boolean', default: false },
  },
});
const ORDERS = Number(args.orders);
const BURST = Number(args.burst);
const CONCURRENCY = Number(args.concurrency);
const WARM_UP = 20;
/** The activity that calls the provider: `sendMessage` (send path v2), `deliver` in older histories. */
const SEND_ACTIVITIES = ['sendMessage', 'deliver'];

const wallNow = () => performance.timeOrigin + performance.now();
const toWall = (perfTime: number) => performance.timeOrigin + perfTime;

interface Sample {
  key: string;
  workflowId: string;
  startedAt: number;
  respondedAt: number;
  arrivedAt: number;
}

interface Throughput {
  seconds: number;
  perSecond: number;
  cpuMs: CpuReading;
  acceptedAfter?: number;
  relayedAfter?: number;
}

async function main() {
  const ours = new Arrivals();
  const base = new Arrivals();
  const counter = args.profile ? new RoundTripCounter() : undefined;
  const stack = await startBenchStack({
    sdkDefaults: args['sdk-defaults'],
    observe: (body) => ours.mark(orderNumberIn(body)),
    baseline: (id) => base.mark(id),
    counter,
  });
  let report: string[];
  try {
    const shop = await setUpShop(stack, { rules: [ORDER_CREATED_RULE] });
    step('warming up (JIT, pools, caches)');
    for (let i = 0; i < WARM_UP; i++) {
      await baselineOnce(stack, base, `warm-${i}`);
      await orderOnce(shop, ours, `warm-${i}`);
    }
    counter?.install();

    step(`sequential: ${ORDERS} baseline signals, then ${ORDERS} orders, one after another`);
    const baseSeq = await sequential('baseline sequential', (i) => baselineOnce(stack, base, `seq-${i}`));
    counter?.reset();
    const oursSeq = await sequential('ours sequential', (i) => orderOnce(shop, ours, `seq-${i}`));
    const seqTrips = counter?.snapshot();

    step(`burst: ${BURST} baseline signals, then ${BURST} orders, ${CONCURRENCY} requests at a time`);
    const baseBurst = await baselineBurst(stack, base);
    counter?.reset();
    const oursBurst = await ordersBurst(stack, shop, ours);
    const burstTrips = counter?.snapshot();
    counter?.uninstall();

    report = [
      ...settingsLines(stack),
      ...latencyLines('Baseline (signal-with-start → no-op activity ran)', baseSeq),
      ...latencyLines('Ours (POST /v1/orders → message handed to the provider)', oursSeq),
      ...throughputLines(baseBurst, oursBurst),
    ];
    if (args.profile) {
      step('profiling: reading the sequential runs’ histories');
      report.push(...(await profileLines(stack, baseSeq, oursSeq, seqTrips!, burstTrips!)));
    }
    const ratio = oursBurst.perSecond / baseBurst.perSecond;
    report.push(
      '',
      `ratio=${ratio.toFixed(2)} e2e_per_s=${oursBurst.perSecond.toFixed(1)} baseline_per_s=${baseBurst.perSecond.toFixed(1)} ` +
        `p50_ms=${median(latencies(oursSeq)).toFixed(1)} baseline_p50_ms=${median(latencies(baseSeq)).toFixed(1)} ` +
        `p99_ms=${summarize(latencies(oursSeq)).p99.toFixed(1)}`,
    );
  } finally {
    step('stopping the stack');
    await stack.stop();
  }
  console.log(report.join('\n'));
}

async function sequential(phase: string, once: (i: number) => Promise<Sample>): Promise<Sample[]> {
  const samples: Sample[] = [];
  const p = progress(phase, ORDERS);
  for (let i = 0; i < ORDERS; i++) {
    samples.push(await once(i));
    p.tick(i + 1, `p50 so far ${fmt(median(latencies(samples)))} ms`);
  }
  return samples;
}

async function baselineOnce(stack: BenchStack, base: Arrivals, key: string): Promise<Sample> {
  const workflowId = `baseline-${key}`;
  const startedAt = wallNow();
  await stack.client.workflow.signalWithStart('baselineWorkflow', {
    workflowId,
    taskQueue: BASELINE_TASK_QUEUE,
    signal: pingSignal,
    signalArgs: [key],
  });
  const respondedAt = wallNow();
  const arrivedAt = toWall(await base.waitFor(key, 30_000));
  return { key, workflowId, startedAt, respondedAt, arrivedAt };
}

async function orderOnce(shop: BenchShop, ours: Arrivals, key: string): Promise<Sample> {
  const startedAt = wallNow();
  const order = await shop.newOrder(key);
  const respondedAt = wallNow();
  const arrivedAt = toWall(await ours.waitFor(key, 30_000));
  return {
    key,
    workflowId: workflowIdFor(shop.companyId, 'order', order.id),
    startedAt,
    respondedAt,
    arrivedAt,
  };
}

async function baselineBurst(stack: BenchStack, base: Arrivals): Promise<Throughput> {
  const before = base.count;
  const cpuBefore = stack.cpu.read();
  const started = performance.now();
  const p = progress('baseline burst', BURST);
  const watch = setInterval(() => p.tick(base.count - before), 1000);
  try {
    await pooled(BURST, CONCURRENCY, async (i) => {
      await stack.client.workflow.signalWithStart('baselineWorkflow', {
        workflowId: `baseline-burst-${i}`,
        taskQueue: BASELINE_TASK_QUEUE,
        signal: pingSignal,
        signalArgs: [`burst-${i}`],
      });
    });
    await base.waitForCount(before + BURST, 600_000);
  } finally {
    clearInterval(watch);
  }
  const seconds = (performance.now() - started) / 1000;
  p.tick(BURST);
  return { seconds, perSecond: BURST / seconds, cpuMs: CpuMeter.perItem(cpuBefore, stack.cpu.read(), BURST) };
}

async function ordersBurst(stack: BenchStack, shop: BenchShop, ours: Arrivals): Promise<Throughput> {
  const before = ours.count;
  const cpuBefore = stack.cpu.read();
  const startedWall = wallNow();
  const started = performance.now();
  const p = progress('ours burst', BURST);
  const watch = setInterval(() => p.tick(ours.count - before), 1000);
  try {
    await pooled(BURST, CONCURRENCY, async (i) => {
      await shop.newOrder(`burst-${i}`);
    });
    await ours.waitForCount(before + BURST, 600_000);
  } finally {
    clearInterval(watch);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = CpuMeter.perItem(cpuBefore, stack.cpu.read(), BURST);
  p.tick(BURST);
  const { rows } = await stack.db.query<{ accepted: number; relayed: number }>(
    `SELECT extract(epoch FROM max(created_at)) * 1000 AS accepted, extract(epoch FROM max(dispatched_at)) * 1000 AS relayed
       FROM entity_events WHERE company_id = $1 AND created_at >= to_timestamp($2 / 1000.0)`,
    [shop.companyId, startedWall],
  );
  return {
    seconds,
    perSecond: BURST / seconds,
    cpuMs,
    acceptedAfter: (rows[0]!.accepted - startedWall) / 1000,
    relayedAfter: (rows[0]!.relayed - startedWall) / 1000,
  };
}

const latencies = (samples: Sample[]) => samples.map((s) => s.arrivedAt - s.startedAt);

function settingsLines(stack: BenchStack): string[] {
  const s = stack.settings;
  return [
    '',
    `Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
    s
      ? `Worker: ${s.maxCachedWorkflows} cached workflows, ${s.maxConcurrentWorkflowTaskExecutions} workflow tasks / ${s.maxConcurrentActivityTaskExecutions} activities at a time; database pools API ${stack.env.DATABASE_POOL_MAX}, worker ${stack.env.WORKER_DATABASE_POOL_MAX}`
      : `Worker: the SDK's default cache and concurrency; database pools API ${stack.env.DATABASE_POOL_MAX}, worker ${stack.env.WORKER_DATABASE_POOL_MAX}`,
  ];
}

const cpuLine = (c: CpuReading) =>
  `this process ${fmt(c.node)} + Temporal ${fmt(c.temporal)} + PostgreSQL ${fmt(c.postgres)} = ${fmt(c.node + c.temporal + c.postgres)}`;

function latencyLines(title: string, samples: Sample[]): string[] {
  const all = summarize(latencies(samples));
  return [
    '',
    `${title}, ${samples.length} one after another:`,
    `  p50 ${fmt(all.p50)} ms   p95 ${fmt(all.p95)} ms   p99 ${fmt(all.p99)} ms   max ${fmt(all.max)} ms` +
      `   (the call itself answered after ${fmt(median(samples.map((s) => s.respondedAt - s.startedAt)))} ms, median)`,
  ];
}

function throughputLines(base: Throughput, ours: Throughput): string[] {
  return [
    '',
    `Burst of ${BURST}, ${CONCURRENCY} calls at a time:`,
    `  baseline ${fmt(base.perSecond)} signals/s (${fmt(base.seconds, 2)} s)`,
    `  ours     ${fmt(ours.perSecond)} orders/s (${fmt(ours.seconds, 2)} s; all accepted by the API after ${fmt(ours.acceptedAfter!, 2)} s, all relayed to Temporal after ${fmt(ours.relayedAfter!, 2)} s)`,
    `  CPU ms per signal (baseline): ${cpuLine(base.cpuMs)}`,
    `  CPU ms per order (ours):      ${cpuLine(ours.cpuMs)}`,
  ];
}

async function profileLines(
  stack: BenchStack,
  baseSeq: Sample[],
  oursSeq: Sample[],
  seqTrips: Map<string, number>,
  burstTrips: Map<string, number>,
): Promise<string[]> {
  const events = new Map(
    (
      await stack.db.query<{ workflow_id: string; stored: number; dispatched: number }>(
        `SELECT 'order-' || company_id || '-' || entity_id AS workflow_id,
                extract(epoch FROM created_at) * 1000 AS stored, extract(epoch FROM dispatched_at) * 1000 AS dispatched
           FROM entity_events`,
      )
    ).rows.map((r) => [r.workflow_id, r]),
  );
  const oursProfiles: Segment[][] = [];
  const shape = {
    workflowTasks: [] as number[],
    activities: [] as number[],
    history: [] as number[],
    bookkeeping: [] as number[],
  };
  for (const s of oursSeq) {
    const p = await profileWorkflow(stack.client, s.workflowId, SEND_ACTIVITIES);
    const e = events.get(s.workflowId)!;
    shape.workflowTasks.push(p.workflowTasks);
    shape.activities.push(p.activities);
    shape.history.push(p.historyLength);
    shape.bookkeeping.push(e.dispatched - p.signaledAt);
    oursProfiles.push([
      { name: 'API: request → order and event stored', ms: e.stored - s.startedAt },
      { name: 'relay: event stored → signal-with-start at Temporal', ms: p.signaledAt - e.stored },
      ...p.segments,
      { name: 'send run: started → provider answered', ms: s.arrivedAt - p.untilStartedAt },
    ]);
  }
  const baseProfiles: Segment[][] = [];
  for (const s of baseSeq) {
    const p = await profileWorkflow(stack.client, s.workflowId, ['noop']);
    baseProfiles.push([
      { name: 'client: call → signal-with-start at Temporal', ms: p.signaledAt - s.startedAt },
      ...p.segments,
      { name: 'noop run: started → ran', ms: s.arrivedAt - p.untilStartedAt },
    ]);
  }
  const table = (title: string, profiles: Segment[][], total: number) => {
    const rows = medianSegments(profiles);
    const sum = rows.reduce((a, r) => a + r.ms, 0);
    return [
      '',
      `${title} (median of each step; steps sum to ${fmt(sum)} ms, the median total is ${fmt(total)} ms):`,
      '| step | ms |',
      '| --- | ---: |',
      ...rows.map((r) => `| ${r.name} | ${fmt(r.ms)} |`),
    ];
  };
  const perOrder = (trips: Map<string, number>, orders: number) => {
    const total = [...trips.values()].reduce((a, b) => a + b, 0);
    return [...[...trips].sort(), ['total', total] as const].map(
      ([who, n]) => `| ${who} | ${fmt(n / orders, 2)} |`,
    );
  };
  return [
    ...table('Ours: where one order’s milliseconds go', oursProfiles, median(latencies(oursSeq))),
    `  per order: ${median(shape.workflowTasks)} workflow tasks, ${median(shape.activities)} activities, ${median(shape.history)} history events; ` +
      `the relay marks the event dispatched ${fmt(median(shape.bookkeeping))} ms after the signal (off the critical path)`,
    ...table('Baseline: where one signal’s milliseconds go', baseProfiles, median(latencies(baseSeq))),
    '',
    'Database round trips per order (each query is one):',
    '| who | sequential | burst |',
    '| --- | ---: | ---: |',
    ...mergeTrips(perOrder(seqTrips, ORDERS), perOrder(burstTrips, BURST)),
    '  Temporal round trips per order: the relay 1 signal-with-start; the worker 2 per workflow task and 2 per activity (poll answer, completion).',
  ];
}

/** Joins two `| who | n |` tables on `who`. */
function mergeTrips(a: string[], b: string[]): string[] {
  const cells = (line: string) =>
    line
      .split('|')
      .map((c) => c.trim())
      .filter(Boolean);
  const right = new Map(b.map((l) => [cells(l)[0]!, cells(l)[1]!]));
  const names = [...new Set([...a, ...b].map((l) => cells(l)[0]!))];
  const left = new Map(a.map((l) => [cells(l)[0]!, cells(l)[1]!]));
  return names.map((n) => `| ${n} | ${left.get(n) ?? '0'} | ${right.get(n) ?? '0'} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
