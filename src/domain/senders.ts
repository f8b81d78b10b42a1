/**
 * Sender identities a company may send from (SPEC 7). Pure.
 *
 * * sms: an E.164 number (`+447700900123`) or an alphanumeric sender id (`FIXIT`, 1–11 letters, digits
 *   or spaces with at least one letter, as carriers accept them). Compared exactly.
 * * email: an address (`shop@fixit.example`), or `@fixit.example` for any address at that domain (not
 *   its subdomains). Compared lower-cased.
 * * A company with nothing assigned on a channel may only leave that setting empty (null): it then
 *   sends from the platform's default sender (`TWILIO_SMS_FROM`, `POSTMARK_FROM`).
 */

export interface AssignedSenders {
  sms: string[];
  email: string[];
}

const E164 = /^\+[1-9]\d{6,14}$/;
const ALPHANUMERIC_ID = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ADDRESS = /^[^\s@]+@([^\s@]+)$/;

export const isSmsSender = (sender: string) => E164.test(sender) || ALPHANUMERIC_ID.test(sender);

/** `shop@fixit.example` or `@fixit.example` (lower-cased first). */
export function isEmailSender(sender: string): boolean {
  const domain = sender.startsWith('@') ? sender.slice(1) : ADDRESS.exec(sender)?.[1];
  return domain !== undefined && DOMAIN.test(domain);
}

export const normalizeEmailSender = (sender: string) => sender.trim().toLowerCase();

export function mayUseSmsSender(assigned: AssignedSenders, senderId: string | null): boolean {
  return senderId === null || assigned.sms.includes(senderId);
}

export function mayUseEmailFrom(assigned: AssignedSenders, address: string | null): boolean {
  if (address === null) return true;
  const normalized = normalizeEmailSender(address);
  const domain = `@${normalized.split('@').pop()}`;
  return assigned.email.some((sender) => sender === normalized || sender === domain);
}
