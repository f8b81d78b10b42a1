import type { FeedEntry, PendingSend, Rule, Status, Template } from '../api/client';
import { api, CHANNEL_NAMES } from '../api/client';
import { unwrap } from '../api/errors';
import { useLoad } from './use-load';
import { entryInWords, reasonInWords } from '../words/feed-words';
import { localTime } from '../words/time';
import { Empty } from './fields';
import { ruleInWords } from '../pages/notification-rules';

interface Refs {
  statuses: Status[];
  templates: Template[];
  rules: Rule[];
  timeZone?: string;
}

const tone = (type: string) =>
  /sent|delivered/.test(type)
    ? 'good'
    : /skipped|failed|cancelled/.test(type)
      ? 'bad'
      : /scheduled/.test(type)
        ? 'wait'
        : 'event';

/** The feed, oldest first, as a manager reads it: what happened, when, and why. */
export function Timeline({ entries, refs }: { entries: FeedEntry[]; refs: Refs }) {
  const status = (id: string | null | undefined) => refs.statuses.find((s) => s.id === id)?.name ?? '—';
  if (entries.length === 0) return <Empty>Nothing has happened yet.</Empty>;
  return (
    <ol className="timeline" aria-label="Timeline">
      {entries.map((e) => {
        const reason = reasonInWords(e.reason, e.channel);
        const rule = refs.rules.find((r) => r.id === e.ruleId);
        return (
          <li key={e.id} className={`entry ${tone(e.type)}`}>
            <time dateTime={e.at}>{localTime(e.at, refs.timeZone)}</time>
            <div>
              <strong>{entryInWords(e, { status, timeZone: refs.timeZone })}</strong>
              {reason && <p className="reason">Because {reason}.</p>}
              {rule && <p className="muted">Rule: {ruleInWords(rule, refs.statuses, refs.templates)}</p>}
              <code className="type">{e.type}</code>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

export function PendingList({ pending, refs }: { pending: PendingSend[] | null; refs: Refs }) {
  if (pending === null)
    return <p className="muted">Temporal cannot be asked right now; the timeline above is up to date.</p>;
  if (pending.length === 0) return <Empty>Nothing is waiting to be sent.</Empty>;
  return (
    <ul className="list" aria-label="Pending">
      {pending.map((p, i) => {
        const rule = refs.rules.find((r) => r.id === p.ruleId);
        return (
          <li key={i}>
            {p.kind === 'reminder' ? 'Reminder' : 'Notification'} by {CHANNEL_NAMES[p.channel]} at{' '}
            <strong>{localTime(p.scheduledFor, refs.timeZone)}</strong>
            {p.deferred && ' (waiting for working hours)'}
            {rule && <span className="muted"> — {ruleInWords(rule, refs.statuses, refs.templates)}</span>}
          </li>
        );
      })}
    </ul>
  );
}

/** The order's or lead's workflow in the Temporal Web UI (ids are `<entity>-<company>-<id>`). */
export function WorkflowLink({ entity, id }: { entity: 'order' | 'lead'; id: string }) {
  const config = useLoad(() => unwrap(api.GET('/v1/console-config')), []);
  const c = config.data;
  if (!c?.temporalUiUrl) return null;
  const workflowId = `${entity}-${c.companyId}-${id}`;
  const href = `${c.temporalUiUrl}/namespaces/${encodeURIComponent(c.temporalNamespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return (
    <a href={href} target="_blank" rel="noreferrer">
      Open the workflow in the Temporal Web UI
    </a>
  );
}
