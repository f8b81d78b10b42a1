import { sampleTemplateData } from '../../../src/domain/templates';
import { RenderPool } from '../../../src/templates/render-pool';

const bomb = { subject: null, body: '{{ (1..3000000) | reverse | sort_natural | size }}' };
const greeting = { subject: null, body: 'Hi {{ client.name }}' };
const opts = { timezone: 'Europe/London' };

describe('RenderPool', () => {
  let pool: RenderPool;
  beforeAll(() => {
    pool = new RenderPool({ threads: 1 });
  });
  afterAll(() => pool.close());

  it('when a render overruns the time limit, then it is stopped and reported as limit "time"', async () => {
    const started = Date.now();

    const outcome = await pool.render(bomb, sampleTemplateData(), opts, 'sms');

    expect(outcome).toEqual({ ok: false, limit: 'time', message: expect.stringContaining('1000 ms') });
    console.log(`template bomb stopped after ${Date.now() - started} ms (worker start included)`);
  });

  it('when the only worker was terminated by an overrun, then the next render succeeds on its replacement', async () => {
    await pool.render(bomb, sampleTemplateData(), opts, 'sms');

    const outcome = await pool.render(greeting, sampleTemplateData(), opts, 'sms');

    expect(outcome).toEqual({ ok: true, rendered: { subject: null, body: 'Hi Jane Doe' } });
  });

  it('when a render waits behind a slow one, then its time limit counts only its own render', async () => {
    const [slow, queued] = await Promise.all([
      pool.render(bomb, sampleTemplateData(), opts, 'sms'),
      pool.render(greeting, sampleTemplateData(), opts, 'sms'),
    ]);

    expect(slow).toEqual(expect.objectContaining({ ok: false, limit: 'time' }));
    expect(queued.ok).toBe(true);
  });

  it('when the output is over the channel limit, then it is reported with that limit', async () => {
    const long = { subject: null, body: '{% for i in (1..300) %}{{ client.name }}{% endfor %}' };

    const outcome = await pool.render(long, sampleTemplateData(), opts, 'whatsapp');

    expect(outcome).toEqual(expect.objectContaining({ ok: false, limit: 'body_length' }));
  });
});
