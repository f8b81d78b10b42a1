import { CHANNEL_NAMES, type Channel } from '../api/client';
import { reasonInWords } from './feed-words';

/** "No SMS: the client has not agreed to SMS." / "SMS: can receive messages." */
export function channelVerdict(channel: Channel, canReceive: boolean, reasons: string[]): string {
  const name = CHANNEL_NAMES[channel];
  if (canReceive) return `${name}: can receive messages.`;
  const why = reasons.map((r) => reasonInWords(r, channel)).join('; and ');
  return `No ${name}: ${why}.`;
}
