/**
 * `npm run bench:burst`: K messages (--messages, default 5,000; BENCH_BURST_MESSAGES) deferred to one
 * opening — a location whose working hours open shortly after the orders are in, `workingHoursOnly` rules —
 * sent through the real Twilio SDK to the fake Twilio server, which answers 429 above --rate messages per
 * second (default 30), with sends paced at --pace (default: the provider's rate; 0 = off). Reports the
 * drain time against K / rate and how many 429s the provider answered.
 */
import { parseArgs } from 'node:util';
import { buildProviders } from '../src/providers/factory';
import { startFakeTwilio } from '../test/fakes/fake-twilio';
import { progress, step } from './support/progress';
import { setUpShop } from './support/shop';
import { startBenchStack, type BenchStack } from './support/stack';
import { fmt, pooled } from './support/stats';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: process.env.BENCH_BURST_MESSAGES ?? '5000' },
    rate: { type: 'string', default: '30' },
    // The engine's pacing (SEND_RATE_SMS); --pace 0 turns it off, to see the 429s it saves.
    pace: { type: 'string' },
    concurrency: { type: 'string', default: '16' },
    // Creating the orders must end before the opening: by default a minute plus K / 20 orders/s.
    'open-in': { type: 'string' },
  },
});
const MESSAGES = Number(args.messages);
const RATE = Number(args.rate);
const PACE = Number(args.pace ?? args.rate);
const OPEN_IN_S = Number(args['open-in'] ?? 60 + Math.ceil(MESSAGES / 20));
const TWILIO = { accountSid: `AC${'0'.repeat(32)}`, authToken: 'bench-token', smsFrom: '+15550001111' };
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const twilio = await startFakeTwilio({ authToken: TWILIO.authToken, ratePerSecond: RATE });
  const stack = await startBenchStack({
    sendRates: PACE > 0 ? { sms: PACE } : {},
    providers: (outbox) => ({
      sms: buildProviders({ twilio: { ...TWILIO, baseUrl: twilio.url } }, outbox).sms,
    }),
  });
  const report: string[] = [];
  try {
    // Opening on the next whole minute after OPEN_IN_S, until midnight (UTC), on that day only.
    const opening = new Date(Math.ceil((Date.now() + OPEN_IN_S * 1000) / 60_000) * 60_000);
    const from = opening.toISOString().slice(11, 16);
    const shop = await setUpShop(stack, {
      workingHours: { [DAYS[opening.getUTCDay()]!]: [{ from, to: '24:00' }] },
      rules: [{ kind: 'notification', trigger: { type: 'order.created' }, workingHoursOnly: true }],
    });

    step(`creating ${MESSAGES} orders; the location opens at ${opening.toISOString()} (UTC)`);
    const created = progress('orders created', MESSAGES);
    let done = 0;
    await pooled(MESSAGES, Number(args.concurrency), async (i) => {
      await shop.newOrder(`burst-${i}`);
      created.tick(++done);
    });
    const deferred = await deferredCount(stack, shop.companyId);
    step(`${deferred} of ${MESSAGES} sends deferred to the opening; waiting for it`);
    while (Date.now() < opening.getTime()) await sleep(500);

    const drained = progress('sent to Twilio', MESSAGES);
    const deadline = opening.getTime() + Math.max(4 * (MESSAGES / RATE) * 1000, 600_000);
    let outcome = await deliveryOutcome(stack, shop.companyId);
    while (outcome.sent + outcome.failed < MESSAGES && Date.now() < deadline) {
      drained.tick(outcome.sent, `${count429(twilio.requests)} answered 429 so far`);
      await sleep(1000);
      outcome = await deliveryOutcome(stack, shop.companyId);
    }
    drained.tick(outcome.sent);
    const lastSent = Math.max(...twilio.messages.map((m) => m.dateCreated.getTime()));
    const drainSeconds = (lastSent - opening.getTime()) / 1000;
    report.push(
      '',
      `Burst at one opening: ${MESSAGES} SMS through the Twilio SDK, provider rate ${RATE}/s, ` +
        `paced at ${PACE > 0 ? `${PACE}/s` : 'no rate (pacing off)'}`,
      `  deferred to the opening: ${deferred} (the others were created after it and went at once)`,
      `  drained in ${fmt(drainSeconds)} s after the opening (at the provider's rate: ${fmt(MESSAGES / RATE)} s); ` +
        `${fmt(twilio.messages.length / drainSeconds)} messages/s`,
      `  provider 429s: ${count429(twilio.requests)} (of ${twilio.requests.length} requests); ` +
        `deliveries sent ${outcome.sent}, failed ${outcome.failed}, not finished ${MESSAGES - outcome.sent - outcome.failed}`,
    );
  } finally {
    step('stopping the stack');
    await stack.stop();
    await twilio.close();
  }
  console.log(report.join('\n'));
}

const count429 = (requests: { response?: { status: number } }[]) =>
  requests.filter((r) => r.response?.status === 429).length;

async function deferredCount(stack: BenchStack, companyId: string): Promise<number> {
  // Planned from the orders' events, so wait until every one is.
  for (;;) {
    const { rows } = await stack.db.query<{ planned: number; deferred: number }>(
      `SELECT count(*) AS planned, count(*) FILTER (WHERE reason = 'outside_working_hours') AS deferred
         FROM feed_entries WHERE company_id = $1 AND type = 'notification.scheduled'`,
      [companyId],
    );
    const { rows: sent } = await stack.db.query<{ n: number }>(
      'SELECT count(*) AS n FROM deliveries WHERE company_id = $1',
      [companyId],
    );
    if (rows[0]!.planned + sent[0]!.n >= MESSAGES) return rows[0]!.deferred;
    await sleep(500);
  }
}

async function deliveryOutcome(stack: BenchStack, companyId: string) {
  const { rows } = await stack.db.query<{ sent: number; failed: number }>(
    `SELECT count(*) FILTER (WHERE status IN ('sent', 'delivered')) AS sent, count(*) FILTER (WHERE status = 'failed') AS failed
       FROM deliveries WHERE company_id = $1`,
    [companyId],
  );
  return rows[0]!;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
