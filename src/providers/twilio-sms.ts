/** SMS through Twilio Programmable Messaging (`POST /2010-04-01/Accounts/{Sid}/Messages.json`). */
import type { MessageListInstanceCreateOptions } from 'twilio/lib/rest/api/v2010/account/message';
import type { ChannelProvider, OutgoingMessage, SendResult, SentMessageQuery } from './provider';
import {
  createTwilioMessage,
  findTwilioMessage,
  TWILIO_PROVIDER,
  TwilioClientLike,
  TwilioSenderOptions,
} from './twilio-common';

export class TwilioSmsProvider implements ChannelProvider {
  readonly name = TWILIO_PROVIDER;
  readonly deliveryReports = 'status_callback' as const;
  private readonly from: string | undefined;
  private readonly messagingServiceSid: string | undefined;

  /**
   * @param client a Twilio client, `twilio(accountSid, authToken, { httpClient })`, built by the caller
   * @param options the default sender: `from` (E.164 number or alphanumeric sender ID) and/or `messagingServiceSid`
   */
  constructor(
    private readonly client: TwilioClientLike,
    options: TwilioSenderOptions,
  ) {
    this.from = options.from?.trim() || undefined;
    this.messagingServiceSid = options.messagingServiceSid?.trim() || undefined;
    if (!this.from && !this.messagingServiceSid) {
      throw new Error('TwilioSmsProvider needs a from number or a messaging service SID');
    }
  }

  async send(msg: OutgoingMessage): Promise<SendResult> {
    const params: MessageListInstanceCreateOptions = { to: msg.to.trim(), body: msg.body };
    // A company's own sender ID wins; with a Messaging Service the service picks the sender otherwise.
    const from = msg.from?.smsSenderId?.trim() || (this.messagingServiceSid ? undefined : this.from);
    if (this.messagingServiceSid) params.messagingServiceSid = this.messagingServiceSid;
    if (from) params.from = from;
    if (msg.statusCallbackUrl) params.statusCallback = msg.statusCallbackUrl;
    const sid = await createTwilioMessage(this.client, params);
    return { provider: TWILIO_PROVIDER, providerMessageId: sid };
  }

  findSent(query: SentMessageQuery) {
    return findTwilioMessage(this.client, query.to.trim(), query);
  }
}
