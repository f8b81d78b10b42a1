/**
 * How large a rendered message may be (SPEC 7), so that one tenant's template cannot make the service
 * store, send or pay for an unbounded message. Pure.
 */
import type { Channel } from './types';
import type { RenderedTemplate } from './templates';

/** Longest text message, in UTF-16 code units as Twilio counts them (its own limit for a concatenated SMS). */
export const MAX_TEXT_BODY_CHARACTERS = 1_600;
/** Largest email body, in UTF-8 bytes. */
export const MAX_EMAIL_BODY_BYTES = 256 * 1024;
/** Longest email subject: RFC 5322's line length limit. */
export const MAX_EMAIL_SUBJECT_CHARACTERS = 998;
/** Longest a render may run before it is stopped (ms). */
export const RENDER_TIME_LIMIT_MS = 1_000;

/**
 * Which limit a render broke: its output (`body_length`, `subject_length`), its running time (`time`),
 * its memory (`memory`), or the engine refused it while rendering (`render`).
 */
export type RenderLimit = 'body_length' | 'subject_length' | 'time' | 'memory' | 'render';

export interface LimitBreach {
  limit: RenderLimit;
  message: string;
}

/**
 * The channel a message goes out on, or `any` when it is not known yet (a template being saved or
 * previewed): then only what no channel could send is a breach, the email limits being the widest.
 */
export type LimitScope = Channel | 'any';

/** The first limit the rendered message breaks on that channel, or null when it may be sent. */
export function outputLimitBreach(rendered: RenderedTemplate, scope: LimitScope): LimitBreach | null {
  if (scope === 'sms' || scope === 'whatsapp' || scope === 'viber') {
    if (rendered.body.length > MAX_TEXT_BODY_CHARACTERS) {
      return {
        limit: 'body_length',
        message: `the rendered ${scope} message has ${rendered.body.length} characters; at most ${MAX_TEXT_BODY_CHARACTERS} can be sent`,
      };
    }
    return null;
  }
  const bytes = utf8Length(rendered.body);
  if (bytes > MAX_EMAIL_BODY_BYTES) {
    return {
      limit: 'body_length',
      message: `the rendered body is ${bytes} bytes; at most ${MAX_EMAIL_BODY_BYTES} (256 KiB) can be sent`,
    };
  }
  if (rendered.subject !== null && rendered.subject.length > MAX_EMAIL_SUBJECT_CHARACTERS) {
    return {
      limit: 'subject_length',
      message: `the rendered subject has ${rendered.subject.length} characters; at most ${MAX_EMAIL_SUBJECT_CHARACTERS} can be sent`,
    };
  }
  return null;
}

/** UTF-8 size of a string without encoding it (the body may be far over the limit). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      bytes += 4; // a surrogate pair is one 4-byte code point
      i++;
    } else bytes += 3;
  }
  return bytes;
}
