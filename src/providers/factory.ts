/**
 * Builds one provider per channel from configuration: Twilio for SMS/WhatsApp, Postmark for email,
 * Vonage Messages for Viber. A channel whose provider has no credentials goes to the dev outbox.
 */
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import { ServerClient } from 'postmark';
import type { Messages } from '@vonage/messages';
import type { Channel } from '../domain/types';
import type { ChannelProvider } from './provider';
import { TwilioSmsProvider } from './twilio-sms';
import { TwilioWhatsAppProvider } from './twilio-whatsapp';
import { PostmarkEmailProvider } from './postmark-email';
import { VonageViberProvider } from './vonage-viber';

/**
 * How long any provider call may take, unless configured otherwise (SDK defaults: Twilio 30 s,
 * Postmark 180 s, Vonage none). Well under the send activity's 1-minute start-to-close timeout: a call
 * the SDK gives up on is a transient error and is retried, while a call Temporal cuts off leaves the
 * delivery 'sending' and ends as `outcome_unknown`.
 */
export const PROVIDER_TIMEOUT_MS = 20_000;

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** SMS sender: E.164 number or alphanumeric sender ID. */
  smsFrom?: string | null;
  messagingServiceSid?: string | null;
  /** WhatsApp sender in E.164 (with or without `whatsapp:`); without it WhatsApp uses the outbox. */
  whatsappFrom?: string | null;
  /** For tests and proxies: every Twilio API URL is rewritten to this base, e.g. `http://127.0.0.1:4010`. */
  baseUrl?: string | null;
  /** Request timeout in milliseconds; default `PROVIDER_TIMEOUT_MS`. */
  timeoutMs?: number;
}

export interface PostmarkConfig {
  serverToken: string;
  from: string;
  fromName?: string | null;
  messageStream?: string | null;
  /** Host (and optional port/path) of the API, default `api.postmarkapp.com`; a full `http://host:port` URL also sets `useHttps`. */
  requestHost?: string | null;
  useHttps?: boolean;
  /** Request timeout in milliseconds; default `PROVIDER_TIMEOUT_MS`. */
  timeoutMs?: number;
}

export interface VonageConfig {
  applicationId: string;
  /** PEM text of the application's private key, or a path to the key file. */
  privateKey: string;
  /** Viber Service Message ID. */
  viberFrom: string;
  /** Messages API base URL, default `https://api.nexmo.com`; e.g. `http://127.0.0.1:4012` in tests. */
  apiHost?: string | null;
  /** Request timeout in milliseconds; default `PROVIDER_TIMEOUT_MS`. */
  timeoutMs?: number;
}

export interface ProvidersConfig {
  twilio?: TwilioConfig | null;
  postmark?: PostmarkConfig | null;
  vonage?: VonageConfig | null;
}

/** Joins a base URL (which may carry a path prefix) with the path and query of another URL. */
export function rebaseUrl(uri: string, baseUrl: string): string {
  const original = new URL(uri);
  const target = new URL(baseUrl);
  const prefix = target.pathname.replace(/\/+$/, '');
  target.pathname = `${prefix}${original.pathname}`;
  target.search = original.search;
  target.hash = '';
  return target.toString();
}

/**
 * Twilio's own HTTP client (axios-based) with every request URL rewritten to another base:
 * `https://api.twilio.com/2010-04-01/…` → `${baseUrl}/2010-04-01/…`. Passed as the client's
 * `httpClient` option; BaseTwilio calls `httpClient.request({ method, uri, … })`.
 */
export class BaseUrlRequestClient extends RequestClient {
  readonly baseUrl: string;

  constructor(baseUrl: string, opts?: RequestClient.RequestClientOptions) {
    super(opts);
    new URL(baseUrl); // fail fast on a malformed base
    this.baseUrl = baseUrl;
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: rebaseUrl(opts.uri, this.baseUrl) });
  }
}

export function buildTwilioClient(
  config: Pick<TwilioConfig, 'accountSid' | 'authToken' | 'baseUrl' | 'timeoutMs'>,
): twilio.Twilio {
  const timeout = config.timeoutMs ?? PROVIDER_TIMEOUT_MS;
  const httpClient = config.baseUrl ? new BaseUrlRequestClient(config.baseUrl, { timeout }) : undefined;
  return twilio(config.accountSid, config.authToken, {
    httpClient,
    timeout,
    // Retries are the workflow's job (with backoff and a transient/permanent split).
    autoRetry: false,
  });
}

/** `'http://127.0.0.1:4011'` → `{ requestHost: '127.0.0.1:4011', useHttps: false }`; a bare host is kept as is. */
export function postmarkHostOptions(
  requestHost?: string | null,
  useHttps?: boolean,
): { requestHost?: string; useHttps?: boolean } {
  if (!requestHost) return useHttps === undefined ? {} : { useHttps };
  if (/^https?:\/\//i.test(requestHost)) {
    const url = new URL(requestHost);
    const path = url.pathname.replace(/\/+$/, '');
    return { requestHost: `${url.host}${path}`, useHttps: useHttps ?? url.protocol === 'https:' };
  }
  return { requestHost: requestHost.replace(/\/+$/, ''), useHttps: useHttps ?? true };
}

export function buildPostmarkClient(
  config: Pick<PostmarkConfig, 'serverToken' | 'requestHost' | 'useHttps' | 'timeoutMs'>,
): ServerClient {
  return new ServerClient(config.serverToken, {
    ...postmarkHostOptions(config.requestHost, config.useHttps),
    // Postmark counts in seconds; fractions work (it aborts after timeout * 1000 ms).
    timeout: (config.timeoutMs ?? PROVIDER_TIMEOUT_MS) / 1000,
  });
}

/**
 * `@vonage/messages` is loaded on first use: its HTTP layer requires the ESM-only `node-fetch` v3,
 * which plain Node 20.19+ loads fine but Jest on Node 20 cannot (see test/fakes/jest-esm-shims.ts),
 * so code that never builds a Vonage client does not pay for (or trip over) it.
 */
function loadVonageMessages(): typeof import('@vonage/messages') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@vonage/messages') as typeof import('@vonage/messages');
}

export function buildVonageMessagesClient(
  config: Pick<VonageConfig, 'applicationId' | 'privateKey' | 'apiHost' | 'timeoutMs'>,
): Messages {
  const { Messages } = loadVonageMessages();
  return new Messages(
    { applicationId: config.applicationId, privateKey: config.privateKey },
    {
      ...(config.apiHost ? { apiHost: config.apiHost.replace(/\/+$/, '') } : {}),
      timeout: config.timeoutMs ?? PROVIDER_TIMEOUT_MS,
    },
  );
}

/**
 * One provider per channel. Each channel uses its real provider when that provider's credentials
 * (and a sender for the channel) are configured, otherwise `outbox`:
 * * sms: Twilio with `smsFrom` or `messagingServiceSid`
 * * whatsapp: Twilio with `whatsappFrom`
 * * email: Postmark with `serverToken` and `from`
 * * viber: Vonage with `applicationId`, `privateKey` and `viberFrom`
 */
export function buildProviders(
  config: ProvidersConfig,
  outbox: ChannelProvider,
): Record<Channel, ChannelProvider> {
  const providers: Record<Channel, ChannelProvider> = {
    sms: outbox,
    whatsapp: outbox,
    viber: outbox,
    email: outbox,
  };

  const tw = config.twilio;
  if (tw?.accountSid && tw.authToken) {
    const client = buildTwilioClient(tw);
    if (tw.smsFrom || tw.messagingServiceSid) {
      providers.sms = new TwilioSmsProvider(client, {
        from: tw.smsFrom,
        messagingServiceSid: tw.messagingServiceSid,
      });
    }
    if (tw.whatsappFrom) {
      providers.whatsapp = new TwilioWhatsAppProvider(client, { from: tw.whatsappFrom });
    }
  }

  const pm = config.postmark;
  if (pm?.serverToken && pm.from) {
    providers.email = new PostmarkEmailProvider(buildPostmarkClient(pm), {
      from: pm.from,
      fromName: pm.fromName,
      messageStream: pm.messageStream,
    });
  }

  const vo = config.vonage;
  if (vo?.applicationId && vo.privateKey && vo.viberFrom) {
    providers.viber = new VonageViberProvider(buildVonageMessagesClient(vo), { from: vo.viberFrom });
  }

  return providers;
}

/** The environment variables `providersConfigFromEnv` reads (see src/config.ts). */
export interface ProviderEnv {
  TWILIO_ACCOUNT_SID?: string;
  TWILIO_AUTH_TOKEN?: string;
  TWILIO_SMS_FROM?: string;
  TWILIO_MESSAGING_SERVICE_SID?: string;
  TWILIO_WHATSAPP_FROM?: string;
  TWILIO_BASE_URL?: string;
  POSTMARK_SERVER_TOKEN?: string;
  POSTMARK_FROM?: string;
  POSTMARK_FROM_NAME?: string;
  POSTMARK_MESSAGE_STREAM?: string;
  POSTMARK_REQUEST_HOST?: string;
  VONAGE_APPLICATION_ID?: string;
  VONAGE_PRIVATE_KEY?: string;
  VONAGE_VIBER_FROM?: string;
  VONAGE_API_HOST?: string;
}

/** Maps environment variables to `ProvidersConfig`; a provider appears only when its credentials are set. */
export function providersConfigFromEnv(env: ProviderEnv): ProvidersConfig {
  const v = (value: string | undefined): string | undefined =>
    value && value.trim() !== '' ? value.trim() : undefined;
  const config: ProvidersConfig = {};
  const sid = v(env.TWILIO_ACCOUNT_SID);
  const token = v(env.TWILIO_AUTH_TOKEN);
  if (sid && token) {
    config.twilio = {
      accountSid: sid,
      authToken: token,
      smsFrom: v(env.TWILIO_SMS_FROM),
      messagingServiceSid: v(env.TWILIO_MESSAGING_SERVICE_SID),
      whatsappFrom: v(env.TWILIO_WHATSAPP_FROM),
      baseUrl: v(env.TWILIO_BASE_URL),
    };
  }
  const pmToken = v(env.POSTMARK_SERVER_TOKEN);
  const pmFrom = v(env.POSTMARK_FROM);
  if (pmToken && pmFrom) {
    config.postmark = {
      serverToken: pmToken,
      from: pmFrom,
      fromName: v(env.POSTMARK_FROM_NAME),
      messageStream: v(env.POSTMARK_MESSAGE_STREAM),
      requestHost: v(env.POSTMARK_REQUEST_HOST),
    };
  }
  const appId = v(env.VONAGE_APPLICATION_ID);
  const key = v(env.VONAGE_PRIVATE_KEY);
  const viberFrom = v(env.VONAGE_VIBER_FROM);
  if (appId && key && viberFrom) {
    config.vonage = {
      applicationId: appId,
      // PEM keys put in one-line env vars usually carry literal "\n".
      privateKey: key.includes('\\n') ? key.replace(/\\n/g, '\n') : key,
      viberFrom,
      apiHost: v(env.VONAGE_API_HOST),
    };
  }
  return config;
}
