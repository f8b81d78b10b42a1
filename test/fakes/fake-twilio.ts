/**
 * A local stand-in for the Twilio REST API, enough for the real `twilio` SDK:
 * `POST /2010-04-01/Accounts/{Sid}/Messages.json` (form-encoded, HTTP Basic auth) answers 201 with a
 * Message resource; `GET …/Messages/{MessageSid}.json` fetches it. It can also call our webhooks as
 * Twilio would: signed status callbacks and inbound messages.
 *
 * Twilio's magic test numbers are honoured as `To`: +15005550001 (21211 invalid), +15005550002
 * (21612 cannot route), +15005550003 (21408 no permission for region), +15005550004 (21610
 * unsubscribed), +15005550009 (21614 not a mobile number).
 */
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { FakeServer, JsonAnswer, postToLocal, RecordedRequest, startFakeServer } from './fake-server';

export interface FakeTwilioOptions {
  /** When set, requests must authenticate with this auth token (the username must be the path's account SID). */
  authToken?: string;
  /** Extra `To` numbers (with or without `whatsapp:`) to reject: number → Twilio error. */
  rejections?: Record<string, { code: number; message?: string; status?: number }>;
  /**
   * Messages accepted per second, like an account's sending rate (a bucket of that many, refilled at that
   * rate): a create with the bucket empty answers 429 (error 20429) instead.
   */
  ratePerSecond?: number;
}

export interface FakeTwilioMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  body: string;
  messagingServiceSid: string | null;
  statusCallback: string | null;
  status: string;
  dateCreated: Date;
}

export interface FakeTwilio extends FakeServer {
  /** Messages accepted (201), oldest first. */
  messages: FakeTwilioMessage[];
  /** While true, the message list answers 500: Twilio cannot tell whether it has a message. */
  failLookups: boolean;
  /** Called with each message as it is accepted, before the answer leaves (fault injection). */
  onAccepted: ((m: FakeTwilioMessage) => void | Promise<void>) | null;
  /**
   * POSTs a signed status callback for a sent message to its StatusCallback (or `options.url`),
   * like Twilio does, and returns our webhook's answer.
   */
  sendStatusCallback(
    sid: string,
    status: string,
    options?: { errorCode?: number | string; url?: string; authToken?: string },
  ): Promise<{ status: number; body: string }>;
  /** POSTs a signed inbound message (SMS, or WhatsApp with `channel: 'whatsapp'`) to `url`. */
  sendInbound(
    url: string,
    message: { from: string; to: string; body: string; channel?: 'sms' | 'whatsapp'; authToken?: string },
  ): Promise<{ status: number; body: string }>;
}

type Rejection = { code: number; message?: string; status?: number };

const MAGIC_NUMBERS: Record<string, Rejection> = {
  '+15005550001': { code: 21211, message: "The 'To' number +15005550001 is not a valid phone number." },
  '+15005550002': { code: 21612, message: "The 'To' phone number is not currently reachable via SMS." },
  '+15005550003': {
    code: 21408,
    message:
      "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003.",
  },
  '+15005550004': { code: 21610, message: 'Attempt to send to unsubscribed recipient' },
  '+15005550009': { code: 21614, message: "'To' number is not a valid mobile number" },
};

function twilioError(status: number, code: number, message: string): JsonAnswer {
  return {
    status,
    body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  };
}

function defaultFailureBody(status: number): unknown {
  if (status === 429)
    return {
      code: 20429,
      message: 'Too Many Requests',
      more_info: 'https://www.twilio.com/docs/errors/20429',
      status,
    };
  if (status >= 500)
    return {
      code: 20500,
      message: 'Internal Server Error',
      more_info: 'https://www.twilio.com/docs/errors/20500',
      status,
    };
  if (status === 401)
    return {
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status,
    };
  return {
    code: 21211,
    message: "The 'To' number is not a valid phone number.",
    more_info: 'https://www.twilio.com/docs/errors/21211',
    status,
  };
}

function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

function bare(address: string): string {
  return address.replace(/^whatsapp:/i, '');
}

function resource(m: FakeTwilioMessage): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`;
  return {
    account_sid: m.accountSid,
    api_version: '2010-04-01',
    body: m.body,
    date_created: m.dateCreated.toUTCString(),
    date_sent: null,
    date_updated: m.dateCreated.toUTCString(),
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: '0',
    num_segments: '1',
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: uri.replace(/\.json$/, '/Media.json') },
    to: m.to,
    uri,
  };
}

export async function startFakeTwilio(options: FakeTwilioOptions = {}): Promise<FakeTwilio> {
  const messages: FakeTwilioMessage[] = [];
  // A token bucket, as providers meter "N per second": N tokens at most, refilled at N per second.
  let tokens = options.ratePerSecond ?? 0;
  let refilledAt = Date.now();
  const overRate = () => {
    if (options.ratePerSecond === undefined) return false;
    const now = Date.now();
    tokens = Math.min(options.ratePerSecond, tokens + ((now - refilledAt) / 1000) * options.ratePerSecond);
    refilledAt = now;
    if (tokens < 1) return true;
    tokens -= 1;
    return false;
  };
  const rejections: Record<string, Rejection> = { ...MAGIC_NUMBERS, ...options.rejections };

  const authenticate = (req: RecordedRequest, accountSid: string): JsonAnswer | null => {
    const header = String(req.headers.authorization ?? '');
    const match = /^Basic (.+)$/.exec(header);
    if (!match) return twilioError(401, 20003, 'Authenticate');
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    if (colon < 0 || user !== accountSid) return twilioError(401, 20003, 'Authenticate');
    if (options.authToken !== undefined && password !== options.authToken)
      return twilioError(401, 20003, 'Authenticate');
    return null;
  };

  const handler = async (req: RecordedRequest): Promise<JsonAnswer> => {
    const create = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.path);
    const fetchOne = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/.exec(req.path);
    const accountSid = (create ?? fetchOne)?.[1];
    if (!accountSid) return twilioError(404, 20404, `The requested resource ${req.path} was not found`);
    const denied = authenticate(req, accountSid);
    if (denied) return denied;

    if (create && req.method === 'GET') {
      return fake.failLookups ? twilioError(500, 20500, 'Internal Server Error') : list(req, accountSid);
    }
    if (fetchOne && req.method === 'GET') {
      const found = messages.find((m) => m.sid === fetchOne[2] && m.accountSid === accountSid);
      return found
        ? { status: 200, body: resource(found) }
        : twilioError(404, 20404, `The requested resource ${req.path} was not found`);
    }
    if (!create || req.method !== 'POST') return twilioError(405, 20004, 'Method not allowed');

    const f = req.body as Record<string, string | undefined>;
    const to = f.To?.trim();
    const from = f.From?.trim() || null;
    const mss = f.MessagingServiceSid?.trim() || null;
    if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
    if (!from && !mss) return twilioError(400, 21603, "A 'From' phone number is required.");
    if (!f.Body && !f.ContentSid && !f.MediaUrl) return twilioError(400, 21602, 'Message body is required.');
    if ((f.Body ?? '').length > 1600)
      return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (from && to.toLowerCase().startsWith('whatsapp:') !== from.toLowerCase().startsWith('whatsapp:')) {
      return twilioError(400, 21910, 'Invalid From and To pair. From and To should be of the same channel');
    }
    if (!/^\+[1-9]\d{6,14}$/.test(bare(to))) {
      return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    }
    const rejection = rejections[bare(to)];
    if (rejection) {
      return twilioError(
        rejection.status ?? 400,
        rejection.code,
        rejection.message ?? `Twilio error ${rejection.code}`,
      );
    }

    if (overRate()) return { status: 429, body: defaultFailureBody(429) };

    const message: FakeTwilioMessage = {
      sid: newSid('SM'),
      accountSid,
      to,
      from,
      body: f.Body ?? '',
      messagingServiceSid: mss,
      statusCallback: f.StatusCallback ?? null,
      status: !from && mss ? 'accepted' : 'queued',
      dateCreated: new Date(),
    };
    messages.push(message);
    await fake.onAccepted?.(message);
    return { status: 201, body: resource(message) };
  };

  /** Message list, newest first, filtered by `To` / `From` as Twilio's `GET …/Messages.json` is. */
  const list = (req: RecordedRequest, accountSid: string): JsonAnswer => {
    const pageSize = Math.min(Number(req.query.PageSize ?? 50), 1000);
    const found = messages
      .filter(
        (m) =>
          m.accountSid === accountSid &&
          (!req.query.To || m.to === req.query.To) &&
          (!req.query.From || m.from === req.query.From),
      )
      .reverse()
      .slice(0, pageSize);
    const uri = `/2010-04-01/Accounts/${accountSid}/Messages.json?PageSize=${pageSize}&Page=0`;
    return {
      status: 200,
      body: {
        messages: found.map(resource),
        end: found.length === 0 ? 0 : found.length - 1,
        first_page_uri: uri,
        next_page_uri: null,
        page: 0,
        page_size: pageSize,
        previous_page_uri: null,
        start: 0,
        uri,
      },
    };
  };

  const server = await startFakeServer(
    handler,
    defaultFailureBody,
    (req) => req.method === 'POST' && /\/Messages\.json$/.test(req.path),
  );

  const post = async (url: string, params: Record<string, string>, token: string | undefined) => {
    if (!token) throw new Error('fake Twilio needs an authToken (option or argument) to sign webhooks');
    const signature = twilio.getExpectedTwilioSignature(token, url, params);
    return postToLocal(url, new URLSearchParams(params).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
      'user-agent': 'TwilioProxy/1.1',
    });
  };

  const fake: FakeTwilio = {
    ...server,
    messages,
    failLookups: false,
    onAccepted: null,
    reset() {
      server.reset();
      messages.length = 0;
      fake.failLookups = false;
      fake.onAccepted = null;
    },
    async sendStatusCallback(sid, status, opts = {}) {
      const m = messages.find((x) => x.sid === sid);
      if (!m) throw new Error(`fake Twilio: no message ${sid}`);
      const url = opts.url ?? m.statusCallback;
      if (!url) throw new Error(`fake Twilio: message ${sid} has no StatusCallback`);
      m.status = status;
      const params: Record<string, string> = {
        AccountSid: m.accountSid,
        ApiVersion: '2010-04-01',
        From: m.from ?? '',
        MessageSid: m.sid,
        MessageStatus: status,
        SmsSid: m.sid,
        SmsStatus: status,
        To: m.to,
      };
      if (m.messagingServiceSid) params.MessagingServiceSid = m.messagingServiceSid;
      if (opts.errorCode !== undefined) params.ErrorCode = String(opts.errorCode);
      return post(url, params, opts.authToken ?? options.authToken);
    },
    async sendInbound(url, msg) {
      const prefix = msg.channel === 'whatsapp' ? 'whatsapp:' : '';
      const sid = newSid('SM');
      const params: Record<string, string> = {
        AccountSid: newSid('AC'),
        ApiVersion: '2010-04-01',
        Body: msg.body,
        From: prefix + bare(msg.from),
        MessageSid: sid,
        NumMedia: '0',
        NumSegments: '1',
        SmsMessageSid: sid,
        SmsSid: sid,
        SmsStatus: 'received',
        To: prefix + bare(msg.to),
      };
      if (msg.channel === 'whatsapp') params.WaId = bare(msg.from).replace(/^\+/, '');
      return post(url, params, msg.authToken ?? options.authToken);
    },
  };
  return fake;
}
