/**
 * A local stand-in for the Postmark API, enough for the real `postmark` SDK:
 * `POST /email` with `X-Postmark-Server-Token` answers 200 `{To, SubmittedAt, MessageID, ErrorCode: 0,
 * Message: 'OK'}`; invalid or inactive recipients get 422 with ErrorCode 300 / 406 like Postmark.
 * It can also call our webhook with Delivery / Bounce / SpamComplaint payloads.
 */
import { randomUUID } from 'node:crypto';
import { FakeServer, JsonAnswer, postToLocal, RecordedRequest, startFakeServer } from './fake-server';

export interface FakePostmarkOptions {
  /** When set, `X-Postmark-Server-Token` must equal it. */
  serverToken?: string;
  /** Addresses Postmark considers inactive (hard bounce, spam complaint, manual suppression): answered with 406. */
  inactiveRecipients?: string[];
}

export interface FakePostmarkEmail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  textBody: string | null;
  htmlBody: string | null;
  messageStream: string;
  metadata: Record<string, string>;
  submittedAt: string;
}

export type PostmarkWebhookKind = 'delivery' | 'bounce' | 'soft_bounce' | 'spam_complaint';

export interface FakePostmark extends FakeServer {
  /** Emails accepted, oldest first. */
  emails: FakePostmarkEmail[];
  /** Marks an address inactive (later sends to it get ErrorCode 406). */
  deactivate(email: string): void;
  /** The JSON Postmark would post to a webhook for an accepted email. */
  webhookPayload(kind: PostmarkWebhookKind, messageId: string): Record<string, unknown>;
  /** POSTs a webhook payload to our endpoint, with HTTP Basic credentials when given. */
  sendWebhook(
    url: string,
    payload: Record<string, unknown>,
    auth?: { user: string; password: string },
  ): Promise<{ status: number; body: string }>;
}

const EMAIL_RE = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

function pmError(status: number, code: number, message: string): JsonAnswer {
  return { status, body: { ErrorCode: code, Message: message } };
}

function defaultFailureBody(status: number): unknown {
  if (status === 401) return { ErrorCode: 10, Message: 'Request does not contain a valid Server token.' };
  if (status === 422)
    return {
      ErrorCode: 406,
      Message:
        'You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: someone@example.com. Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression.',
    };
  if (status === 429) return { ErrorCode: 0, Message: 'Rate limit exceeded.' };
  return { ErrorCode: 0, Message: 'Internal server error.' };
}

/** `"Name" <a@b.c>` → `a@b.c`. */
function addressOf(mailbox: string): string {
  const angle = /<([^>]+)>\s*$/.exec(mailbox);
  return (angle ? angle[1] : mailbox).trim();
}

export async function startFakePostmark(options: FakePostmarkOptions = {}): Promise<FakePostmark> {
  const emails: FakePostmarkEmail[] = [];
  const inactive = new Set((options.inactiveRecipients ?? []).map((e) => e.toLowerCase()));

  const handler = (req: RecordedRequest): JsonAnswer => {
    const token = req.headers['x-postmark-server-token'];
    if (!token || (options.serverToken !== undefined && token !== options.serverToken)) {
      return pmError(401, 10, 'Request does not contain a valid Server token.');
    }
    if (req.method === 'GET' && req.path === '/messages/outbound') return outboundSearch(req);
    if (req.method !== 'POST' || req.path !== '/email') return pmError(404, 0, 'Not found.');
    if (!String(req.headers['content-type'] ?? '').includes('application/json'))
      return pmError(415, 409, 'JSON request required.');

    const b = req.body as Record<string, unknown>;
    const from = typeof b.From === 'string' ? b.From : '';
    const to = typeof b.To === 'string' ? b.To : '';
    if (!from) return pmError(422, 300, "Provide a 'From' address.");
    if (!EMAIL_RE.test(addressOf(from))) return pmError(422, 300, `Invalid 'From' address: '${from}'.`);
    if (!to) return pmError(422, 300, "Provide a 'To' address.");
    const recipients = to.split(',').map((r) => addressOf(r));
    const bad = recipients.find((r) => !EMAIL_RE.test(r));
    if (bad !== undefined) return pmError(422, 300, `Invalid 'To' address: '${bad}'.`);
    if (!b.TextBody && !b.HtmlBody)
      return pmError(422, 300, 'Provide either email TextBody or HtmlBody or both.');
    const blocked = recipients.filter((r) => inactive.has(r.toLowerCase()));
    if (blocked.length > 0) {
      return pmError(
        422,
        406,
        `You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: ${blocked.join(', ')}. Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression.`,
      );
    }

    const email: FakePostmarkEmail = {
      messageId: randomUUID(),
      from,
      to,
      subject: typeof b.Subject === 'string' ? b.Subject : '',
      textBody: typeof b.TextBody === 'string' ? b.TextBody : null,
      htmlBody: typeof b.HtmlBody === 'string' ? b.HtmlBody : null,
      messageStream: typeof b.MessageStream === 'string' ? b.MessageStream : 'outbound',
      metadata: (b.Metadata && typeof b.Metadata === 'object' ? b.Metadata : {}) as Record<string, string>,
      submittedAt: new Date().toISOString(),
    };
    emails.push(email);
    return {
      status: 200,
      body: {
        To: to,
        SubmittedAt: email.submittedAt,
        MessageID: email.messageId,
        ErrorCode: 0,
        Message: 'OK',
      },
    };
  };

  /** Outbound-message search: `recipient`, and `metadata_<key>` filters, as Postmark's API takes them. */
  const outboundSearch = (req: RecordedRequest): JsonAnswer => {
    const count = Number(req.query.count ?? 100);
    const offset = Number(req.query.offset ?? 0);
    const metadata = Object.entries(req.query).filter(([k]) => k.startsWith('metadata_'));
    const matches = emails.filter(
      (e) =>
        (!req.query.recipient || addressOf(e.to).toLowerCase() === req.query.recipient.toLowerCase()) &&
        metadata.every(([k, v]) => e.metadata[k.slice('metadata_'.length)] === v),
    );
    return {
      status: 200,
      body: {
        TotalCount: matches.length,
        Messages: matches
          .slice()
          .reverse()
          .slice(offset, offset + count)
          .map((e) => ({
            MessageID: e.messageId,
            To: [{ Email: addressOf(e.to), Name: null }],
            Recipients: [addressOf(e.to)],
            From: e.from,
            Subject: e.subject,
            Status: 'Sent',
            ReceivedAt: e.submittedAt,
            MessageStream: e.messageStream,
            Metadata: e.metadata,
            Tag: '',
            Cc: [],
            Bcc: [],
            Attachments: [],
            TrackOpens: false,
            TrackLinks: 'None',
          })),
      },
    };
  };

  const server = await startFakeServer(
    handler,
    defaultFailureBody,
    (req) => req.method === 'POST' && req.path === '/email',
  );

  return {
    ...server,
    emails,
    reset() {
      server.reset();
      emails.length = 0;
    },
    deactivate(email: string) {
      inactive.add(email.toLowerCase());
    },
    webhookPayload(kind, messageId) {
      const email = emails.find((e) => e.messageId === messageId);
      if (!email) throw new Error(`fake Postmark: no email ${messageId}`);
      const recipient = addressOf(email.to);
      const now = new Date().toISOString();
      const common = {
        MessageID: messageId,
        ServerID: 23,
        MessageStream: email.messageStream,
        Tag: '',
        Metadata: email.metadata,
      };
      if (kind === 'delivery') {
        return {
          RecordType: 'Delivery',
          ...common,
          Recipient: recipient,
          DeliveredAt: now,
          Details: 'Test delivery webhook details',
        };
      }
      const bounceLike = {
        ID: Math.floor(Math.random() * 1e9),
        ...common,
        Details: 'Test bounce details',
        Email: recipient,
        From: addressOf(email.from),
        BouncedAt: now,
        DumpAvailable: false,
        CanActivate: true,
        Subject: email.subject,
      };
      if (kind === 'spam_complaint') {
        inactive.add(recipient.toLowerCase());
        return {
          RecordType: 'SpamComplaint',
          ...bounceLike,
          Type: 'SpamComplaint',
          TypeCode: 100001,
          Name: 'Spam complaint',
          Description: 'The subscriber explicitly marked this message as spam.',
          Inactive: true,
        };
      }
      if (kind === 'soft_bounce') {
        return {
          RecordType: 'Bounce',
          ...bounceLike,
          Type: 'SoftBounce',
          TypeCode: 4096,
          Name: 'Soft bounce',
          Description: 'Unable to temporarily deliver this email.',
          Inactive: false,
        };
      }
      inactive.add(recipient.toLowerCase());
      return {
        RecordType: 'Bounce',
        ...bounceLike,
        Type: 'HardBounce',
        TypeCode: 1,
        Name: 'Hard bounce',
        Description: 'The server was unable to deliver your message (ex: unknown user, mailbox not found).',
        Inactive: true,
      };
    },
    async sendWebhook(url, payload, auth) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': 'Postmark',
      };
      if (auth)
        headers.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
      return postToLocal(url, JSON.stringify(payload), headers);
    },
  };
}
