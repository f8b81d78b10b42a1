/**
 * Consent, contact and suppression decisions, made at send time and in diagnostics.
 */
import { CHANNELS, type Channel, type Consent } from './types';

export type ContactField = 'phone' | 'email';

/** Phone-based channels share the phone; email uses the email. */
export function contactFieldFor(channel: Channel): ContactField {
  return channel === 'email' ? 'email' : 'phone';
}

export function contactFor(
  channel: Channel,
  client: { phone: string | null; email: string | null },
): string | null {
  const value = client[contactFieldFor(channel)];
  return value === null || value === undefined || value.trim() === '' ? null : value;
}

export type BlockReason = 'no_contact' | 'no_consent' | 'suppressed';

export interface ConsentClient {
  phone: string | null;
  email: string | null;
  consent: Consent;
}

/**
 * May we send now? When several reasons apply, the first in this order is reported:
 * no_contact (nothing to send to, so the other questions are moot), then no_consent (the client's
 * own choice, which a manager can act on), then suppressed (the provider-side block).
 */
export function sendDecision(input: {
  channel: Channel;
  client: ConsentClient;
  suppressed: boolean;
}): { ok: true; to: string } | { ok: false; reason: BlockReason } {
  return (
    decide(input.channel, input.client, input.suppressed)[0] ?? {
      ok: true,
      to: contactFor(input.channel, input.client)!,
    }
  );
}

function decide(channel: Channel, client: ConsentClient, suppressed: boolean) {
  const blocked: { ok: false; reason: BlockReason }[] = [];
  if (contactFor(channel, client) === null) blocked.push({ ok: false, reason: 'no_contact' });
  if (!client.consent[channel]) blocked.push({ ok: false, reason: 'no_consent' });
  if (suppressed) blocked.push({ ok: false, reason: 'suppressed' });
  return blocked;
}

export interface DuplicateProfile {
  clientId: string;
  field: ContactField;
}

export interface ChannelDiagnosis {
  channel: Channel;
  canReceive: boolean;
  reasons: BlockReason[];
  warnings: 'duplicate_profiles'[];
  /** Other profiles sharing this channel's contact (the ids behind a duplicate_profiles warning). */
  duplicateClientIds: string[];
}

/** Every reason per channel (not just the first), plus duplicate-profile warnings. */
export function diagnoseChannels(input: {
  client: ConsentClient & { id: string };
  suppressedChannels: Channel[];
  duplicates: DuplicateProfile[];
}): { clientId: string; channels: ChannelDiagnosis[]; duplicates: DuplicateProfile[] } {
  const { client, suppressedChannels } = input;
  const duplicates = dedupeDuplicates(input.duplicates.filter((d) => d.clientId !== client.id));
  const channels = CHANNELS.map((channel): ChannelDiagnosis => {
    const reasons = decide(channel, client, suppressedChannels.includes(channel)).map((b) => b.reason);
    const field = contactFieldFor(channel);
    // A duplicate only matters for a channel that actually uses the shared contact.
    const duplicateClientIds =
      contactFor(channel, client) === null
        ? []
        : duplicates.filter((d) => d.field === field).map((d) => d.clientId);
    return {
      channel,
      canReceive: reasons.length === 0,
      reasons,
      warnings: duplicateClientIds.length > 0 ? ['duplicate_profiles'] : [],
      duplicateClientIds,
    };
  });
  return { clientId: client.id, channels, duplicates };
}

function dedupeDuplicates(list: DuplicateProfile[]): DuplicateProfile[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.field}\u0000${d.clientId}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}

export type ConsentSource = 'request' | 'default';

/** Consent of a new client: the request's value per channel, else the company default right now. */
export function initialConsent(
  requested: Partial<Consent>,
  defaults: { phoneConsentByDefault: boolean; emailConsentByDefault: boolean },
): { consent: Consent; sources: Record<Channel, ConsentSource> } {
  const consent = {} as Consent;
  const sources = {} as Record<Channel, ConsentSource>;
  for (const channel of CHANNELS) {
    const asked = requested[channel];
    if (typeof asked === 'boolean') {
      consent[channel] = asked;
      sources[channel] = 'request';
    } else {
      consent[channel] =
        channel === 'email' ? defaults.emailConsentByDefault : defaults.phoneConsentByDefault;
      sources[channel] = 'default';
    }
  }
  return { consent, sources };
}

/** Carrier-standard opt-out words (Twilio's list plus OPTOUT/REVOKE spellings). */
export const STOP_KEYWORDS: readonly string[] = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'OPTOUT',
  'REVOKE',
];

/**
 * The whole message is an opt-out word: case-insensitive, surrounding whitespace and trailing
 * punctuation ignored, and "OPT-OUT" / "OPT OUT" / "STOP ALL" spellings accepted.
 * "Stop sending me promos" is not a keyword (carriers treat only the bare word as opt-out).
 */
export function isStopKeyword(body: string): boolean {
  const word = body
    .trim()
    .replace(/[.!?]+$/u, '')
    .replace(/^(OPT|STOP)[\s_-]+(OUT|ALL)$/iu, '$1$2')
    .toUpperCase();
  return STOP_KEYWORDS.includes(word);
}
