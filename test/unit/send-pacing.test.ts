import { loadEnv } from '../../src/config';
import { sendRatesFromEnv } from '../../src/send-pacing';

const twilio = { TWILIO_ACCOUNT_SID: 'AC0', TWILIO_AUTH_TOKEN: 'token' };

describe('sendRatesFromEnv', () => {
  test('when no provider is configured (the dev outbox), then nothing is paced', () => {
    expect(sendRatesFromEnv(loadEnv({}))).toEqual({});
  });

  test('when SMS goes from one Twilio number, then SMS is paced at Twilio’s 1 per second, WhatsApp at 80', () => {
    const env = loadEnv({ ...twilio, TWILIO_SMS_FROM: '+15550001111', TWILIO_WHATSAPP_FROM: '+15550002222' });
    expect(sendRatesFromEnv(env)).toEqual({ sms: 1, whatsapp: 80 });
  });

  test('when SMS goes through a messaging service, then its rate is the one configured, else unpaced', () => {
    const service = { ...twilio, TWILIO_MESSAGING_SERVICE_SID: 'MG0', TWILIO_SMS_FROM: '+15550001111' };
    expect(sendRatesFromEnv(loadEnv(service))).toEqual({});
    expect(sendRatesFromEnv(loadEnv({ ...service, SEND_RATE_SMS: '30' }))).toEqual({ sms: 30 });
  });

  test('when a rate is set for a channel, then it wins over the provider’s default', () => {
    const env = loadEnv({
      ...twilio,
      TWILIO_SMS_FROM: '+15550001111',
      SEND_RATE_SMS: '3',
      SEND_RATE_EMAIL: '50',
    });
    expect(sendRatesFromEnv(env)).toEqual({ sms: 3, email: 50 });
  });

  test('when a rate is not a positive number, then the configuration is refused naming it', () => {
    expect(() => loadEnv({ SEND_RATE_SMS: '0' })).toThrow(/SEND_RATE_SMS/);
  });
});
