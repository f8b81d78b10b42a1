/**
 * `npm run bench:scale`: N open orders (--orders, default 20,000; BENCH_SCALE_ORDERS), each with a reminder
 * days ahead, created through the API as fast as the pipeline plans them. Reports how long that took, the
 * process's RSS over time (API + relay + worker; it levels off once the bounded workflow cache is full),
 * the dev server's RSS, and history events per order. --verify-reminders instead gives each order a due
 * date minutes out (reminder --lead-minutes before, firing about --fire-after-minutes after the order is
 * created) and checks in the database that every reminder went out exactly once.
 */
import { parseArgs } from 'node:util';
import { workflowIdFor } from '../src/workflows/definitions';
import { progress, step } from './support/progress';
import { MemorySampler } from './support/rss';
import { setUpShop } from './support/shop';
import { startBenchStack, type BenchStack } from './support/stack';
import { fmt, median, percentile, pooled } from './support/stats';

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string', default: process.env.BENCH_SCALE_ORDERS ?? '20000' },
    concurrency: { type: 'string', default: '16' },
    backlog: { type: 'string', default: '300' },
    settle: { type: 'string', default: '30' },
    sample: { type: 'string', default: '100' },
    'verify-reminders': { type: 'boolean', default: false },
    'lead-minutes': { type: 'string', default: '1' },
    'fire-after-minutes': { type: 'string', default: '2' },
    'sdk-defaults': { type: 'boolean', default: false },
  },
});
const ORDERS = Number(args.orders);
const VERIFY = args['verify-reminders'];
const LEAD_MINUTES = Number(args['lead-minutes']);
const FIRE_AFTER_MS = Number(args['fire-after-minutes']) * 60_000;
const DAY = 86_400_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const stack = await startBenchStack({ sdkDefaults: args['sdk-defaults'] });
  const report: string[] = [];
  try {
    const shop = await setUpShop(stack, {
      rules: [
        {
          kind: 'reminder',
          trigger: null,
          remindBefore: VERIFY ? { value: LEAD_MINUTES, unit: 'minutes' } : { value: 1, unit: 'days' },
        },
      ],
    });
    const memory = new MemorySampler(stack.devServerPid);
    // Planned: scheduled, or skipped because its time had passed (a verify run whose pipeline fell behind).
    const planned = async () =>
      (await countFeed(stack, shop.companyId, 'reminder.scheduled')) +
      (await countFeed(stack, shop.companyId, 'reminder.skipped'));
    let created = 0;
    let plannedSoFar = 0;
    memory.sample('0 orders');
    memory.every(2000, () => `${plannedSoFar} orders`);

    step(
      `creating ${ORDERS} open orders, ${args.concurrency} requests at a time, at most ${args.backlog} not yet planned`,
    );
    const started = performance.now();
    const p = progress('open orders planned', ORDERS);
    const poller = setInterval(() => {
      void planned().then((n) => {
        plannedSoFar = n;
        p.tick(n, `rss ${fmt(memory.samples.at(-1)!.rssMiB, 0)} MiB`);
      });
    }, 500);
    // The due date of each order: days ahead, or minutes after its creation when verifying reminders.
    const dueFor = () =>
      new Date(
        VERIFY ? Date.now() + FIRE_AFTER_MS + LEAD_MINUTES * 60_000 : Date.now() + 5 * DAY,
      ).toISOString();
    await pooled(ORDERS, Number(args.concurrency), async (i) => {
      while (created - plannedSoFar >= Number(args.backlog)) await sleep(50);
      created++;
      await shop.newOrder(`scale-${i}`, dueFor());
    });
    const acceptedSeconds = (performance.now() - started) / 1000;
    while (plannedSoFar < ORDERS) await sleep(200);
    clearInterval(poller);
    const plannedSeconds = (performance.now() - started) / 1000;
    p.tick(ORDERS);

    step(`letting it settle for ${args.settle}s`);
    await sleep(Number(args.settle) * 1000);
    memory.stop();
    memory.sample(`${ORDERS} orders, settled`);

    step('reading history lengths of a sample');
    const lengths = await historyLengths(stack, shop.companyId, Number(args.sample));

    report.push(
      '',
      `Open orders: ${ORDERS}, each with a reminder ${VERIFY ? `${LEAD_MINUTES} min before a due date minutes out` : '4 days ahead'}`,
      stack.settings
        ? `Worker: ${stack.settings.maxCachedWorkflows} cached workflows at most`
        : "Worker: the SDK's default workflow cache",
      `  created in ${fmt(plannedSeconds)} s (${fmt(ORDERS / plannedSeconds)} orders/s; the API had accepted the last after ${fmt(acceptedSeconds)} s)`,
      `  history events per order (sample of ${lengths.length}): median ${median(lengths)}, max ${Math.max(...lengths)}`,
      ...memoryLines(memory),
    );
    if (VERIFY) report.push(...(await verifyReminders(stack, shop.companyId)));
  } finally {
    step('stopping the stack');
    await stack.stop();
  }
  console.log(report.join('\n'));
}

async function countFeed(stack: BenchStack, companyId: string, type: string): Promise<number> {
  const { rows } = await stack.db.query<{ n: number }>(
    'SELECT count(*) AS n FROM feed_entries WHERE company_id = $1 AND type = $2',
    [companyId, type],
  );
  return rows[0]!.n;
}

async function historyLengths(stack: BenchStack, companyId: string, sample: number): Promise<number[]> {
  const { rows } = await stack.db.query<{ id: string }>(
    'SELECT id FROM orders WHERE company_id = $1 ORDER BY random() LIMIT $2',
    [companyId, sample],
  );
  const lengths: number[] = [];
  for (const { id } of rows) {
    const d = await stack.client.workflow.getHandle(workflowIdFor(companyId, 'order', id)).describe();
    lengths.push(d.historyLength);
  }
  return lengths;
}

/** RSS at about every tenth of the orders, then settled; and the growth per 1,000 orders early and late. */
function memoryLines(memory: MemorySampler): string[] {
  const s = memory.samples;
  const step = Math.max(1, Math.floor(s.length / 10));
  const shown = s.filter((_, i) => i % step === 0 || i === s.length - 1);
  const orders = (label: string) => Number(/^(\d+)/.exec(label)?.[1] ?? 0);
  const growth = (from: number, to: number) => {
    const a = s[from]!;
    const b = s[to]!;
    const n = orders(b.label) - orders(a.label);
    return n > 0 ? ((b.rssMiB - a.rssMiB) / n) * 1000 : NaN;
  };
  const half = Math.floor(s.length / 2);
  return [
    '  memory over time:',
    '| after s | orders | process RSS MiB | heap used MiB | dev server RSS MiB |',
    '| ---: | --- | ---: | ---: | ---: |',
    ...shown.map(
      (m) =>
        `| ${fmt(m.seconds, 0)} | ${m.label} | ${fmt(m.rssMiB, 0)} | ${fmt(m.heapUsedMiB, 0)} | ${m.devServerRssMiB === null ? 'n/a' : fmt(m.devServerRssMiB, 0)} |`,
    ),
    `  process RSS: ${fmt(s[0]!.rssMiB, 0)} MiB at the start, peak ${fmt(memory.peakRssMiB(), 0)} MiB; ` +
      `growth per 1,000 orders ${fmt(growth(0, half))} MiB in the first half, ${fmt(growth(half, s.length - 1))} MiB in the second`,
  ];
}

async function verifyReminders(stack: BenchStack, companyId: string): Promise<string[]> {
  const lastDue = (
    await stack.db.query<{ at: Date }>('SELECT max(due_date) AS at FROM orders WHERE company_id = $1', [
      companyId,
    ])
  ).rows[0]!.at;
  const deadline = lastDue.getTime() + 3 * 60_000;
  step(
    `waiting for every reminder (the last is due ${new Date(lastDue.getTime() - LEAD_MINUTES * 60_000).toISOString()})`,
  );
  const p = progress('reminders sent', ORDERS);
  let counts = await reminderCounts(stack, companyId);
  while (counts.atLeastOnce < ORDERS && Date.now() < deadline) {
    p.tick(counts.atLeastOnce);
    await sleep(2000);
    counts = await reminderCounts(stack, companyId);
  }
  p.tick(counts.atLeastOnce);
  const skipped = await countFeed(stack, companyId, 'reminder.skipped');
  return [
    '',
    `Reminders: ${counts.exactlyOnce} of ${ORDERS} orders got theirs exactly once; ${counts.never} none, ${counts.more} more than once ` +
      `(outbox messages ${counts.outbox}; feed reminder.skipped ${skipped})`,
    `  late by (sent − due): p50 ${fmt(percentile(counts.lateness, 50) / 1000, 2)} s, p99 ${fmt(percentile(counts.lateness, 99) / 1000, 2)} s, max ${fmt(Math.max(...counts.lateness) / 1000, 2)} s`,
  ];
}

async function reminderCounts(stack: BenchStack, companyId: string) {
  const { rows } = await stack.db.query<{ sent: number; outbox: number; late_ms: number | null }>(
    `SELECT count(d.id) FILTER (WHERE d.status IN ('sent', 'delivered')) AS sent,
            (SELECT count(*) FROM outbox_messages m WHERE m.order_id = o.id) AS outbox,
            extract(epoch FROM min(d.created_at) - (o.due_date - make_interval(mins => $2))) * 1000 AS late_ms
       FROM orders o LEFT JOIN deliveries d ON d.entity_id = o.id AND d.kind = 'reminder'
      WHERE o.company_id = $1 GROUP BY o.id`,
    [companyId, LEAD_MINUTES],
  );
  return {
    exactlyOnce: rows.filter((r) => r.sent === 1 && r.outbox === 1).length,
    atLeastOnce: rows.filter((r) => r.sent >= 1).length,
    never: rows.filter((r) => r.sent === 0).length,
    more: rows.filter((r) => r.sent > 1 || r.outbox > 1).length,
    outbox: rows.reduce((a, r) => a + r.outbox, 0),
    lateness: rows.filter((r) => r.late_ms !== null).map((r) => r.late_ms!),
  };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
