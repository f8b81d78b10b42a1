/**
 * How fast each channel's provider account takes messages. Each channel's sends wait in a task queue of
 * their own (`sendTaskQueue`), polled at that rate, so a burst (say, every send deferred to 9:00) drains
 * at the provider's pace instead of meeting its 429s and their retries.
 */
import type { Env } from './config';
import type { Channel } from './domain/types';
import { providersConfigFromEnv } from './providers/factory';

/** Messages per second per channel; a channel left out is not paced. */
export type SendRates = Partial<Record<Channel, number>>;

/** Twilio: a long-code number takes 1 SMS per second; a WhatsApp sender starts at 80 messages per second. */
const TWILIO_LONG_CODE_SMS_PER_S = 1;
const TWILIO_WHATSAPP_PER_S = 80;

/**
 * The configured rates, else the provider's own limit where it has a fixed one: SMS from a single Twilio
 * number (not a messaging service, whose rate grows with its numbers) and Twilio WhatsApp. The dev
 * outbox, Postmark and Vonage are not paced unless a rate is set.
 */
export function sendRatesFromEnv(env: Env): SendRates {
  const twilio = providersConfigFromEnv(env).twilio;
  const longCode = twilio?.smsFrom && !twilio.messagingServiceSid;
  const rates: SendRates = {
    sms: env.SEND_RATE_SMS ?? (longCode ? TWILIO_LONG_CODE_SMS_PER_S : undefined),
    whatsapp: env.SEND_RATE_WHATSAPP ?? (twilio?.whatsappFrom ? TWILIO_WHATSAPP_PER_S : undefined),
    viber: env.SEND_RATE_VIBER,
    email: env.SEND_RATE_EMAIL,
  };
  return Object.fromEntries(Object.entries(rates).filter(([, r]) => r !== undefined)) as SendRates;
}
