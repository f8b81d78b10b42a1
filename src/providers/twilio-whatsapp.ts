/** WhatsApp through Twilio Programmable Messaging: same endpoint as SMS, `whatsapp:`-prefixed addresses. */
import type { MessageListInstanceCreateOptions } from 'twilio/lib/rest/api/v2010/account/message';
import type { ChannelProvider, OutgoingMessage, SendResult, SentMessageQuery } from './provider';
import {
  createTwilioMessage,
  findTwilioMessage,
  TWILIO_PROVIDER,
  TwilioClientLike,
  TwilioSenderOptions,
  whatsappAddress,
} from './twilio-common';

export class TwilioWhatsAppProvider implements ChannelProvider {
  readonly name = TWILIO_PROVIDER;
  readonly deliveryReports = 'status_callback' as const;
  private readonly from: string | undefined;
  private readonly messagingServiceSid: string | undefined;

  /**
   * @param client a Twilio client, `twilio(accountSid, authToken, { httpClient })`, built by the caller
   * @param options `from`: the WhatsApp sender in E.164 (with or without `whatsapp:`), and/or a `messagingServiceSid`
   */
  constructor(
    private readonly client: TwilioClientLike,
    options: TwilioSenderOptions,
  ) {
    this.from = options.from?.trim() ? whatsappAddress(options.from) : undefined;
    this.messagingServiceSid = options.messagingServiceSid?.trim() || undefined;
    if (!this.from && !this.messagingServiceSid) {
      throw new Error('TwilioWhatsAppProvider needs a WhatsApp sender number or a messaging service SID');
    }
  }

  async send(msg: OutgoingMessage): Promise<SendResult> {
    const params: MessageListInstanceCreateOptions = { to: whatsappAddress(msg.to), body: msg.body };
    if (this.from) params.from = this.from;
    if (this.messagingServiceSid) params.messagingServiceSid = this.messagingServiceSid;
    if (msg.statusCallbackUrl) params.statusCallback = msg.statusCallbackUrl;
    const sid = await createTwilioMessage(this.client, params);
    return { provider: TWILIO_PROVIDER, providerMessageId: sid };
  }

  findSent(query: SentMessageQuery) {
    return findTwilioMessage(this.client, whatsappAddress(query.to), query);
  }
}
