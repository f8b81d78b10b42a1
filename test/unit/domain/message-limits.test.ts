import { outputLimitBreach } from '../../../src/domain/message-limits';
import { renderWithinLimits } from '../../../src/domain/render-within-limits';
import { sampleTemplateData } from '../../../src/domain/templates';

const message = (body: string, subject: string | null = null) => ({ subject, body });

describe('outputLimitBreach', () => {
  it.each(['sms', 'whatsapp', 'viber'] as const)(
    'when a %s body has 1,600 characters, then it may be sent, and 1,601 is over body_length',
    (channel) => {
      expect(outputLimitBreach(message('x'.repeat(1600)), channel)).toBeNull();
      expect(outputLimitBreach(message('x'.repeat(1601)), channel)).toEqual({
        limit: 'body_length',
        message: expect.stringContaining('1601 characters'),
      });
    },
  );

  it('when an email body is 256 KiB of UTF-8, then it may be sent, and one byte more is over body_length', () => {
    const twoByteChars = 'é'.repeat(128 * 1024);
    expect(outputLimitBreach(message(twoByteChars), 'email')).toBeNull();
    expect(outputLimitBreach(message(`${twoByteChars}x`), 'email')).toEqual(
      expect.objectContaining({ limit: 'body_length' }),
    );
  });

  it('when an email subject has 999 characters, then it is over subject_length', () => {
    expect(outputLimitBreach(message('ok', 'x'.repeat(998)), 'email')).toBeNull();
    expect(outputLimitBreach(message('ok', 'x'.repeat(999)), 'email')).toEqual(
      expect.objectContaining({ limit: 'subject_length' }),
    );
  });

  it('when the channel is not known yet, then the email limits apply (the widest)', () => {
    expect(outputLimitBreach(message('x'.repeat(5000)), 'any')).toBeNull();
    expect(outputLimitBreach(message('x'.repeat(300 * 1024)), 'any')?.limit).toBe('body_length');
  });
});

describe('renderWithinLimits', () => {
  const opts = { timezone: 'Europe/London' };

  it('when the template renders within limits, then the rendered message is returned', () => {
    expect(renderWithinLimits(message('Hi {{client.name}}'), sampleTemplateData(), opts, 'sms')).toEqual({
      ok: true,
      rendered: { subject: null, body: 'Hi Jane Doe' },
    });
  });

  it('when a loop makes an SMS longer than 1,600 characters, then it is over body_length', () => {
    const loop = message('{% for i in (1..201) %}{{ client.name }}{% endfor %}');
    expect(renderWithinLimits(loop, sampleTemplateData(), opts, 'sms')).toEqual(
      expect.objectContaining({ ok: false, limit: 'body_length' }),
    );
    expect(renderWithinLimits(loop, sampleTemplateData(), opts, 'email').ok).toBe(true);
  });

  it("when a template doubles a string until the engine's memory budget runs out, then it is over memory", () => {
    const doubling = message(
      '{% assign s = "xxxxxxxxxxxxxxxxxxxx" %}{% for i in (1..30) %}{% assign s = s | append: s %}{% endfor %}{{ s }}',
    );
    expect(renderWithinLimits(doubling, sampleTemplateData(), opts, 'email')).toEqual(
      expect.objectContaining({ ok: false, limit: 'memory' }),
    );
  });
});
