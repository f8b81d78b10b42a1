import { CHANNEL_NAMES, type Channel, type FeedEntry } from '../api/client';
import { localTime } from './time';

/** Why something was not sent, cancelled or deferred, in a manager's words. */
export function reasonInWords(reason: string | null | undefined, channel?: Channel | null): string | null {
  const ch = channel ? CHANNEL_NAMES[channel] : 'this channel';
  switch (reason) {
    case null:
    case undefined:
      return null;
    case 'no_consent':
      return `the client has not agreed to ${ch}`;
    case 'no_contact':
      return channel === 'email' ? 'the client has no email address' : 'the client has no phone number';
    case 'suppressed':
      return channel === 'email'
        ? 'the email address is blocked after a bounce or spam complaint'
        : 'the client replied STOP to our messages';
    case 'rule_removed':
      return 'the notification rule was deleted or switched off';
    case 'stale_status':
      return 'the status changed again before it was sent';
    case 'superseded':
      return 'a newer due-date change replaced it';
    case 'due_date_cleared':
      return 'the due date was cleared';
    case 'order_closed':
      return 'the order reached a final status';
    case 'reminder_time_passed':
      return 'the reminder time had already passed';
    case 'already_sent':
      return 'this reminder was already sent for that due date';
    case 'outside_working_hours':
      return 'it was outside working hours, so it waits for the next opening';
    case 'provider_rejected':
      return 'the provider refused the message (for example an invalid number)';
    case 'provider_error':
      return 'the provider could not be reached or did not confirm the message';
    case 'template_error':
      return 'the template could not be rendered';
    default:
      return reason.replace(/_/g, ' ');
  }
}

export interface Lookup {
  status(id: string | null | undefined): string;
  timeZone?: string;
}

/** A feed entry's headline: what happened, with the facts a manager needs. */
export function entryInWords(e: FeedEntry, lookup: Lookup): string {
  const ch = e.channel ? CHANNEL_NAMES[e.channel] : '';
  const [what, state] = e.type.split('.') as [string, string];
  const noun = what === 'reminder' ? 'Reminder' : 'Notification';
  const at = (iso: string | null | undefined) => localTime(iso, lookup.timeZone);
  const to = e.to ? ` to ${e.to}` : '';
  switch (e.type) {
    case 'order.created':
      return `Order created in status “${lookup.status(e.statusId)}”`;
    case 'lead.created':
      return `Lead created in status “${lookup.status(e.statusId)}”`;
    case 'order.status_changed':
    case 'lead.status_changed':
      return `Status changed from “${lookup.status(e.previousStatusId)}” to “${lookup.status(e.statusId)}”`;
    case 'order.due_date_changed':
      if (!e.dueDate) return `Due date cleared (was ${at(e.previousDueDate)})`;
      return e.previousDueDate
        ? `Due date moved from ${at(e.previousDueDate)} to ${at(e.dueDate)}`
        : `Due date set to ${at(e.dueDate)}`;
  }
  switch (state) {
    case 'scheduled':
      return `${noun} by ${ch} scheduled for ${at(e.scheduledFor)}`;
    case 'rescheduled':
      return `${noun} by ${ch} moved to ${at(e.scheduledFor)}`;
    case 'sent':
      return `${noun} sent by ${ch}${to}`;
    case 'delivered':
      return `${noun} by ${ch} delivered${to}`;
    case 'skipped':
      return `${noun} by ${ch} not sent`;
    case 'failed':
      return `${noun} by ${ch} failed`;
    case 'cancelled':
      return `${noun} by ${ch} cancelled`;
    default:
      return e.type;
  }
}
