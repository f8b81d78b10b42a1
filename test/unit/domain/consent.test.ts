import {
  contactFor,
  diagnoseChannels,
  initialConsent,
  isStopKeyword,
  sendDecision,
} from '../../../src/domain/consent';
import type { Consent } from '../../../src/domain/types';

const allOn: Consent = { sms: true, whatsapp: true, viber: true, email: true };
const allOff: Consent = { sms: false, whatsapp: false, viber: false, email: false };
const phone = '+380501234567';
const email = 'ann@example.com';

describe('contactFor', () => {
  it('when the channel is sms, whatsapp or viber, then the phone is used; for email, the email', () => {
    const client = { phone, email };
    expect(contactFor('sms', client)).toBe(phone);
    expect(contactFor('whatsapp', client)).toBe(phone);
    expect(contactFor('viber', client)).toBe(phone);
    expect(contactFor('email', client)).toBe(email);
  });

  it('when the contact is missing or blank, then null', () => {
    expect(contactFor('sms', { phone: null, email })).toBeNull();
    expect(contactFor('email', { phone, email: '  ' })).toBeNull();
  });
});

describe('sendDecision', () => {
  it('when the client has the contact and consent and is not suppressed, then it may send to the contact', () => {
    expect(
      sendDecision({ channel: 'whatsapp', client: { phone, email, consent: allOn }, suppressed: false }),
    ).toEqual({
      ok: true,
      to: phone,
    });
  });

  it('when consent is off, then no_consent', () => {
    const consent = { ...allOn, email: false };
    expect(sendDecision({ channel: 'email', client: { phone, email, consent }, suppressed: false })).toEqual({
      ok: false,
      reason: 'no_consent',
    });
  });

  it('when the address is suppressed, then suppressed', () => {
    expect(
      sendDecision({ channel: 'email', client: { phone, email, consent: allOn }, suppressed: true }),
    ).toEqual({
      ok: false,
      reason: 'suppressed',
    });
  });

  it('when several reasons apply, then no_contact wins over no_consent, which wins over suppressed', () => {
    expect(
      sendDecision({ channel: 'sms', client: { phone: null, email, consent: allOff }, suppressed: true }),
    ).toEqual({ ok: false, reason: 'no_contact' });
    expect(
      sendDecision({ channel: 'sms', client: { phone, email, consent: allOff }, suppressed: true }),
    ).toEqual({
      ok: false,
      reason: 'no_consent',
    });
  });
});

describe('diagnoseChannels', () => {
  it('when everything is in place, then every channel can receive with no reasons or warnings', () => {
    const r = diagnoseChannels({
      client: { id: 'c1', phone, email, consent: allOn },
      suppressedChannels: [],
      duplicates: [],
    });
    expect(r.clientId).toBe('c1');
    expect(r.channels.map((c) => [c.channel, c.canReceive, c.reasons, c.warnings])).toEqual([
      ['sms', true, [], []],
      ['whatsapp', true, [], []],
      ['viber', true, [], []],
      ['email', true, [], []],
    ]);
  });

  it('when several reasons apply to a channel, then all of them are listed', () => {
    const r = diagnoseChannels({
      client: { id: 'c1', phone: null, email, consent: { ...allOff, email: true } },
      suppressedChannels: ['email', 'sms'],
      duplicates: [],
    });
    const byChannel = Object.fromEntries(r.channels.map((c) => [c.channel, c]));
    expect(byChannel.sms).toMatchObject({
      canReceive: false,
      reasons: ['no_contact', 'no_consent', 'suppressed'],
    });
    expect(byChannel.viber).toMatchObject({ canReceive: false, reasons: ['no_contact', 'no_consent'] });
    expect(byChannel.email).toMatchObject({ canReceive: false, reasons: ['suppressed'] });
  });

  it('when another profile shares the phone, then phone channels warn duplicate_profiles and email does not', () => {
    const r = diagnoseChannels({
      client: { id: 'c1', phone, email, consent: allOn },
      suppressedChannels: [],
      duplicates: [{ clientId: 'c2', field: 'phone' }],
    });
    const byChannel = Object.fromEntries(r.channels.map((c) => [c.channel, c]));
    expect(byChannel.sms).toMatchObject({
      canReceive: true,
      warnings: ['duplicate_profiles'],
      duplicateClientIds: ['c2'],
    });
    expect(byChannel.whatsapp!.warnings).toEqual(['duplicate_profiles']);
    expect(byChannel.viber!.warnings).toEqual(['duplicate_profiles']);
    expect(byChannel.email).toMatchObject({ warnings: [], duplicateClientIds: [] });
    expect(r.duplicates).toEqual([{ clientId: 'c2', field: 'phone' }]);
  });

  it('when another profile shares the email, then only email warns', () => {
    const r = diagnoseChannels({
      client: { id: 'c1', phone, email, consent: allOn },
      suppressedChannels: [],
      duplicates: [
        { clientId: 'c3', field: 'email' },
        { clientId: 'c3', field: 'email' },
        { clientId: 'c1', field: 'email' },
      ],
    });
    expect(r.channels.filter((c) => c.warnings.length > 0).map((c) => c.channel)).toEqual(['email']);
    expect(r.duplicates).toEqual([{ clientId: 'c3', field: 'email' }]);
  });
});

describe('initialConsent', () => {
  it('when nothing is requested and defaults are off, then every channel is off from the default', () => {
    expect(initialConsent({}, { phoneConsentByDefault: false, emailConsentByDefault: false })).toEqual({
      consent: allOff,
      sources: { sms: 'default', whatsapp: 'default', viber: 'default', email: 'default' },
    });
  });

  it('when the phone default is on, then sms, whatsapp and viber default on and email follows its own default', () => {
    expect(initialConsent({}, { phoneConsentByDefault: true, emailConsentByDefault: false }).consent).toEqual(
      {
        sms: true,
        whatsapp: true,
        viber: true,
        email: false,
      },
    );
  });

  it('when some channels are requested, then those come from the request (even false) and the rest from defaults', () => {
    expect(
      initialConsent(
        { sms: false, email: true },
        { phoneConsentByDefault: true, emailConsentByDefault: false },
      ),
    ).toEqual({
      consent: { sms: false, whatsapp: true, viber: true, email: true },
      sources: { sms: 'request', whatsapp: 'default', viber: 'default', email: 'request' },
    });
  });
});

describe('isStopKeyword', () => {
  it.each([
    'STOP',
    'stop',
    '  Stop \n',
    'STOPALL',
    'stop all',
    'UNSUBSCRIBE',
    'cancel',
    'END',
    'quit',
    'OPTOUT',
    'opt-out',
    'Opt out',
    'REVOKE',
    'Stop.',
    'STOP!',
  ])('when the message is %j, then it is a STOP keyword', (body) => {
    expect(isStopKeyword(body)).toBe(true);
  });

  it.each([
    '',
    'Please stop',
    'stop sending me messages',
    'STOPP',
    'start',
    'unstop',
    'HELP',
    'end of day',
    'opt in',
  ])('when the message is %j, then it is not a STOP keyword', (body) => {
    expect(isStopKeyword(body)).toBe(false);
  });
});
