import {
  MAX_TEMPLATE_LENGTH,
  TEMPLATE_VARIABLES,
  TemplateData,
  TemplateRenderError,
  renderTemplate,
  sampleTemplateData,
  validateTemplate,
} from '../../src/domain/templates';

const body = (text: string) => ({ subject: null, body: text });

function orderData(dueDate: string | null, overrides: Partial<TemplateData> = {}): TemplateData {
  return {
    client: { name: 'Olena', phone: '+380501234567', email: 'olena@example.com' },
    company: { name: 'Smith & Sons' },
    location: { name: 'Podil', address: 'Khoryva St 1', phone: '+380441234567', timezone: 'Europe/Kyiv' },
    order: { number: 'A-17', status: 'Ready for pickup', dueDate },
    lead: null,
    ...overrides,
  };
}

const kyiv = { locale: 'en-GB', timezone: 'Europe/Kyiv' };

describe('validateTemplate', () => {
  it('when every documented variable is used, then there are no errors', () => {
    const text = TEMPLATE_VARIABLES.map((v) => `{{ ${v} }}`).join('\n');
    expect(validateTemplate({ subject: text, body: text })).toEqual([]);
  });

  it('when variables come from assign, capture and for, and filters are used, then there are no errors', () => {
    const text = [
      '{% assign who = client.name | upcase %}{{ who }}',
      '{% capture due %}{{ order.dueDate | date: "%d.%m.%Y %H:%M" }}{% endcapture %}{{ due }}',
      '{% for i in (1..2) %}{{ forloop.index }}{{ i }}{% endfor %}',
      '{% if order.dueDate %}{{ order.status | default: "n/a" }}{% endif %}',
      '{{ client["name"] }}',
    ].join('\n');
    expect(validateTemplate(body(text))).toEqual([]);
  });

  it('when an assigned variable is read with a misspelt property, then it is refused with its name and position', () => {
    const errors = validateTemplate(body('Hi\n{% assign d = order.dueDate %}{{ d.nmae }}'));
    expect(errors).toEqual([
      expect.objectContaining({ field: 'body', line: 2, column: 34, variable: 'd.nmae' }),
    ]);
  });

  it('when an assigned variable reaches for __proto__ or constructor, then it is refused', () => {
    const proto = validateTemplate(body('{% assign d = order.dueDate %}{{ d.__proto__ }}'));
    const computed = validateTemplate(body('{% assign n = client.name | split: " " %}{{ n.constructor }}'));
    expect(proto).toEqual([expect.objectContaining({ variable: 'd.__proto__', line: 1, column: 34 })]);
    expect(computed).toEqual([expect.objectContaining({ variable: 'n.constructor' })]);
  });

  it('when aliases chain, then the property is checked against the data they stand for', () => {
    const text = '{% assign a = order.number %}{% assign b = a %}{{ b }}{{ b.x }}';
    expect(validateTemplate(body(text))).toEqual([expect.objectContaining({ variable: 'b.x' })]);
  });

  it('when computed values and loops are read through size, first, last, an index or forloop, then they save', () => {
    const text = [
      '{% assign d = order.dueDate %}{{ d }} {{ d | date: "%H:%M" }}',
      '{% assign parts = client.name | split: " " %}{{ parts.first }} {{ parts.last }} {{ parts.size }} {{ parts[0] }}',
      '{% for i in (1..2) %}{{ forloop.index0 }}{{ forloop.last }}{% endfor %}',
      '{% capture c %}x{% endcapture %}{{ c.size }}',
    ].join('\n');
    expect(validateTemplate(body(text))).toEqual([]);
  });

  it('when an output tag is left open on line 2, then one error gives line 2 and the column of "{{"', () => {
    const errors = validateTemplate(body('Hello {{ client.name }},\nyour order {{ order.number is ready'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: 'body', line: 2, column: 12 });
    expect(errors[0]!.message).toMatch(/not closed/);
    expect(errors[0]!.message).not.toMatch(/line:/);
    expect(errors[0]!.variable).toBeUndefined();
  });

  it('when a block tag is not closed, then one error points at the tag', () => {
    const errors = validateTemplate(body('Hi\n\n  {% if order.number %}ready'));
    expect(errors).toEqual([expect.objectContaining({ field: 'body', line: 3, column: 3 })]);
  });

  it('when a variable is misspelt, then the error names it with its line and column', () => {
    const errors = validateTemplate(body('Hi {{ client.name }}\n  {{ client.nmae }} and {{foo}}'));
    expect(errors).toEqual([
      {
        field: 'body',
        message: 'unknown variable "client.nmae"',
        line: 2,
        column: 6,
        variable: 'client.nmae',
      },
      { field: 'body', message: 'unknown variable "foo"', line: 2, column: 27, variable: 'foo' },
    ]);
  });

  it('when a whole section, a deeper path or a variable inside a tag is used, then each is refused', () => {
    const errors = validateTemplate(
      body('{{ order }}{{ client.name.size }}{% if location.timezone %}x{% endif %}{% assign a = secret %}'),
    );
    expect(errors.map((e) => e.variable)).toEqual([
      'order',
      'client.name.size',
      'location.timezone',
      'secret',
    ]);
  });

  it('when a variable is used before it is assigned, then that use is refused', () => {
    const errors = validateTemplate(body('{{ x }}{% assign x = 1 %}{{ x }}'));
    expect(errors).toEqual([expect.objectContaining({ variable: 'x', line: 1, column: 4 })]);
  });

  it('when an unknown filter is used, then it is refused with the position of the filter', () => {
    const errors = validateTemplate(body('Hi\n{{ client.name | upcase | shout }}'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: 'body', line: 2, column: 27 });
    expect(errors[0]!.message).toBe('undefined filter: shout');
  });

  it.each([
    '{% include "header" %}',
    '{% render "header" %}',
    '{% layout "base" %}',
    'x\n{% include header %}',
  ])('when the template uses %s, then it is refused', (text) => {
    const errors = validateTemplate(body(text));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/is not allowed/);
    expect(errors[0]!.line).toBe(text.startsWith('x\n') ? 2 : 1);
    expect(errors[0]!.column).toBe(1);
  });

  it('when an unknown tag is used, then it is refused', () => {
    expect(validateTemplate(body('{% shell "ls" %}'))).toEqual([
      expect.objectContaining({ line: 1, column: 1, message: 'tag "shell" not found' }),
    ]);
  });

  it('when the subject has the error, then it is reported with field "subject" and the body separately', () => {
    const errors = validateTemplate({ subject: 'Order {{ order.numbr }}', body: 'Hi {{ {{ client.name }}' });
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ field: 'subject', line: 1, column: 10, variable: 'order.numbr' });
    expect(errors[1]).toMatchObject({ field: 'body', line: 1 });
    expect(errors[1]!.variable).toBeUndefined();
  });

  it('when only the subject is wrong, then the body has no errors', () => {
    expect(validateTemplate({ subject: '{{ oops', body: 'Hi {{ client.name }}' })).toEqual([
      expect.objectContaining({ field: 'subject', line: 1, column: 1 }),
    ]);
  });

  it('when the template is too long, then it is refused', () => {
    const errors = validateTemplate(body('x'.repeat(MAX_TEMPLATE_LENGTH + 1)));
    expect(errors).toEqual([expect.objectContaining({ field: 'body', line: 1, column: 1 })]);
  });
});

describe('renderTemplate', () => {
  it('when a valid template is rendered, then variables are filled in and the status is its name', () => {
    const out = renderTemplate(
      {
        subject: 'Order {{ order.number }} at {{ company.name }}',
        body: 'Hi {{ client.name }}, order {{ order.number }} is {{ order.status }}. {{ location.name }}, {{ location.address }}, {{ location.phone }}. {{ client.phone }} {{ client.email }}',
      },
      orderData(null),
      kyiv,
    );
    expect(out).toEqual({
      subject: 'Order A-17 at Smith & Sons',
      body: 'Hi Olena, order A-17 is Ready for pickup. Podil, Khoryva St 1, +380441234567. +380501234567 olena@example.com',
    });
  });

  it('when a value contains & or <, then it is not HTML-escaped', () => {
    const data = orderData(null, { client: { name: 'Tom & <Jerry>', phone: null, email: null } });
    expect(renderTemplate(body('{{ client.name }} / {{ company.name }}'), data, kyiv).body).toBe(
      'Tom & <Jerry> / Smith & Sons',
    );
  });

  it('when dueDate is printed, then it shows date and time in the location zone across a DST change', () => {
    const text = body('{{ order.dueDate }}');
    // US clocks moved on 8 March 2026, Ukrainian ones on 29 March 2026.
    const render = (iso: string, timezone: string) =>
      renderTemplate(text, orderData(iso), { locale: 'en-GB', timezone }).body;
    expect(render('2026-03-07T15:00:00Z', 'America/New_York')).toBe('7 Mar 2026, 10:00');
    expect(render('2026-03-28T15:00:00Z', 'America/New_York')).toBe('28 Mar 2026, 11:00');
    expect(render('2026-03-28T15:00:00Z', 'Europe/Kyiv')).toBe('28 Mar 2026, 17:00');
    expect(render('2026-03-30T15:00:00Z', 'Europe/Kyiv')).toBe('30 Mar 2026, 18:00');
    expect(render('2026-03-30T15:00:00Z', 'America/New_York')).toBe('30 Mar 2026, 11:00');
  });

  it('when the date filter formats dueDate, then it uses the location zone and its offset on that day', () => {
    const text = body('{{ order.dueDate | date: "%d.%m.%Y %H:%M %z" }}');
    const render = (iso: string, timezone: string) =>
      renderTemplate(text, orderData(iso), { locale: 'en-GB', timezone }).body;
    expect(render('2026-03-28T10:00:00Z', 'Europe/Kyiv')).toBe('28.03.2026 12:00 +0200');
    expect(render('2026-03-30T10:00:00Z', 'Europe/Kyiv')).toBe('30.03.2026 13:00 +0300');
    expect(render('2026-03-28T10:00:00Z', 'America/New_York')).toBe('28.03.2026 06:00 -0400');
    expect(render('2026-03-07T10:00:00Z', 'America/New_York')).toBe('07.03.2026 05:00 -0500');
  });

  it('when the other date filters get dueDate, then they see the instant in the location zone', () => {
    const out = renderTemplate(
      body('{{ order.dueDate | date_to_xmlschema }} | {{ order.dueDate | date_to_string }}'),
      orderData('2026-11-25T22:30:00Z'),
      kyiv,
    );
    expect(out.body).toBe('2026-11-26T00:30:00+02:00 | 26 Nov 2026');
  });

  it('when the locale is de-DE rather than en-GB, then dueDate and month names follow it', () => {
    const text = body('{{ order.dueDate }} | {{ order.dueDate | date: "%-d %B %Y" }}');
    const data = orderData('2026-03-25T10:00:00Z');
    expect(renderTemplate(text, data, { locale: 'de-DE', timezone: 'Europe/Kyiv' }).body).toBe(
      '25.03.2026, 12:00 | 25 März 2026',
    );
    expect(renderTemplate(text, data, { locale: 'en-GB', timezone: 'Europe/Kyiv' }).body).toBe(
      '25 Mar 2026, 12:00 | 25 March 2026',
    );
  });

  it('when the locale is missing or invalid, then en-GB is used', () => {
    const data = orderData('2026-11-25T10:00:00Z');
    expect(renderTemplate(body('{{ order.dueDate }}'), data, { locale: '', timezone: 'UTC' }).body).toBe(
      '25 Nov 2026, 10:00',
    );
    expect(
      renderTemplate(body('{{ order.dueDate }}'), data, { locale: 'not a locale!', timezone: 'UTC' }).body,
    ).toBe('25 Nov 2026, 10:00');
  });

  it('when dueDate is null, then it renders as an empty string, also through the date filter', () => {
    const out = renderTemplate(
      body(
        '[{{ order.dueDate }}][{{ order.dueDate | date: "%H:%M" }}][{{ order.dueDate | default: "no date" }}]',
      ),
      orderData(null),
      kyiv,
    );
    expect(out.body).toBe('[][][no date]');
  });

  it('when a lead message has no order and no location, then those variables render empty', () => {
    const data: TemplateData = {
      client: { name: 'Ann', phone: null, email: null },
      company: { name: 'Acme' },
      lead: { number: 'L-5', status: 'Contacted' },
    };
    const out = renderTemplate(
      body(
        '{{ lead.number }} {{ lead.status }}|{{ order.number }}|{{ order.dueDate }}|{{ location.name }}|{{ client.email }}',
      ),
      data,
      kyiv,
    );
    expect(out.body).toBe('L-5 Contacted||||');
  });

  it('when an order message has lead null, then lead variables render empty', () => {
    expect(renderTemplate(body('[{{ lead.number }}]'), orderData(null), kyiv).body).toBe('[]');
  });

  it('when a template reaches for prototype properties, then they render empty', () => {
    const out = renderTemplate(
      body(
        '[{{ client.constructor }}][{{ client.__proto__ }}][{{ location.timezone }}][{{ order.dueDate.iso }}]',
      ),
      orderData('2026-11-25T10:00:00Z'),
      kyiv,
    );
    expect(out.body).toBe('[][][][]');
  });

  it('when the subject is null, then the rendered subject is null', () => {
    expect(renderTemplate(body('x'), orderData(null), kyiv).subject).toBeNull();
  });

  it('when the rendered subject has line breaks, then they become spaces', () => {
    const out = renderTemplate(
      { subject: 'Order {{ order.number }}\n ready\r\n', body: 'a\nb' },
      orderData(null),
      kyiv,
    );
    expect(out).toEqual({ subject: 'Order A-17 ready', body: 'a\nb' });
  });

  it('when the location zone is invalid, then UTC is used', () => {
    const out = renderTemplate(body('{{ order.dueDate }}'), orderData('2026-11-25T10:00:00Z'), {
      locale: 'en-GB',
      timezone: 'Mars/Olympus',
    });
    expect(out.body).toBe('25 Nov 2026, 10:00');
  });

  it('when a template loops without bound, then the engine limits stop it with a TemplateRenderError', () => {
    const started = Date.now();
    expect(() =>
      renderTemplate(body('{% for i in (1..100000000) %}{{ i }}{% endfor %}'), orderData(null), kyiv),
    ).toThrow(TemplateRenderError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('when a template runs too long, then the render time limit stops it', () => {
    const started = Date.now();
    const slow = '{% for i in (1..20000) %}{% for j in (1..20000) %}{% endfor %}{% endfor %}';
    expect(() => renderTemplate(body(slow), orderData(null), kyiv)).toThrow(/render limit exceeded/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('when a template does not parse at send time, then a TemplateRenderError names the field', () => {
    expect(() => renderTemplate({ subject: '{{ x', body: 'ok' }, orderData(null), kyiv)).toThrow(
      expect.objectContaining({ name: 'TemplateRenderError', field: 'subject' }),
    );
  });

  it('when the same template is rendered twice, then the output is identical and the data is untouched', () => {
    const data = orderData('2026-11-25T10:00:00Z');
    const snapshot = JSON.stringify(data);
    const text = {
      subject: '{% assign n = order.number %}{{ n }}',
      body: '{% increment c %}{{ order.dueDate }}',
    };
    const first = renderTemplate(text, data, kyiv);
    expect(renderTemplate(text, data, kyiv)).toEqual(first);
    expect(JSON.stringify(data)).toBe(snapshot);
  });
});

describe('sampleTemplateData', () => {
  it('when a template uses every variable with the sample data, then each renders non-empty', () => {
    const data = sampleTemplateData();
    for (const variable of TEMPLATE_VARIABLES) {
      const out = renderTemplate(body(`{{ ${variable} }}`), data, {
        locale: 'en-GB',
        timezone: data.location!.timezone,
      });
      expect(out.body).not.toBe('');
    }
    expect(
      renderTemplate(body('{{ order.dueDate }}'), data, { locale: 'en-GB', timezone: 'Europe/London' }).body,
    ).toBe('25 Nov 2026, 10:00');
  });

  it('when called twice, then each call returns a fresh object', () => {
    const a = sampleTemplateData();
    a.client.name = 'changed';
    expect(sampleTemplateData().client.name).toBe('Jane Doe');
  });
});
