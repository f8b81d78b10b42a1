import { useState, type FormEvent } from 'react';
import { api, CHANNEL_NAMES, type Schemas, type Status } from '../api/client';
import { unwrap } from '../api/errors';
import { reasonInWords } from '../words/feed-words';
import { fromLocalInput, localTime } from '../words/time';
import { Empty, FormError, SelectField, TextField } from './fields';
import { useSubmit } from './use-form';

type Simulation = Schemas['Simulation'];

/** "What would happen if": the order's change run through the engine without making it. */
export function SimulatePanel(props: {
  orderId: string;
  statusId: string;
  statuses: Status[];
  timeZone?: string;
}) {
  const [statusId, setStatusId] = useState(props.statusId);
  const [dueDate, setDueDate] = useState('');
  const [answer, setAnswer] = useState<Simulation>();
  const form = useSubmit();
  const kind = (k: string) => (k === 'reminder' ? 'Reminder' : 'Notification');

  async function simulate(e: FormEvent) {
    e.preventDefault();
    const body = { statusId, ...(dueDate ? { dueDate: fromLocalInput(dueDate) } : {}) };
    const result = await form.submit(() =>
      unwrap(api.POST('/v1/orders/{id}/simulate', { params: { path: { id: props.orderId } }, body })),
    );
    if (result) setAnswer(result);
  }

  return (
    <section aria-labelledby="simulate-heading" className="card">
      <h2 id="simulate-heading">Simulate</h2>
      <p className="muted">What this change would send, skip and cancel. Nothing is changed or sent.</p>
      <form onSubmit={simulate} aria-label="Simulate a change">
        <SelectField
          label="Status"
          value={statusId}
          onChange={setStatusId}
          options={props.statuses
            .filter((s) => s.entity === 'order')
            .map((s) => ({ value: s.id, label: s.name }))}
          error={form.fieldError('statusId')}
        />
        <TextField
          label="Due date"
          type="datetime-local"
          value={dueDate}
          onChange={setDueDate}
          hint="Empty keeps the due date."
          error={form.fieldError('dueDate')}
        />
        <FormError error={form.unshown(['statusId', 'dueDate'])} />
        <button type="submit" disabled={form.busy}>
          Simulate
        </button>
      </form>
      {answer && (
        <div aria-live="polite">
          <h3>Would send</h3>
          {answer.sends.length === 0 ? (
            <Empty>Nothing.</Empty>
          ) : (
            <ul className="list" aria-label="Would send">
              {answer.sends.map((s, i) => (
                <li key={i}>
                  {kind(s.kind)} by {CHANNEL_NAMES[s.channel]} to {s.to} at{' '}
                  <strong>{localTime(s.scheduledFor, props.timeZone)}</strong>
                  {s.deferred && ' (moved to working hours)'}
                  {s.subject && <p className="muted">{s.subject}</p>}
                  <p>{s.body}</p>
                </li>
              ))}
            </ul>
          )}
          <h3>Would skip</h3>
          {answer.skipped.length === 0 ? (
            <Empty>Nothing.</Empty>
          ) : (
            <ul className="list" aria-label="Would skip">
              {answer.skipped.map((s, i) => (
                <li key={i}>
                  {CHANNEL_NAMES[s.channel]}: {reasonInWords(s.reason, s.channel) ?? s.reason}
                </li>
              ))}
            </ul>
          )}
          <h3>Would cancel</h3>
          {answer.cancelled.length === 0 ? (
            <Empty>Nothing.</Empty>
          ) : (
            <ul className="list" aria-label="Would cancel">
              {answer.cancelled.map((c, i) => (
                <li key={i}>
                  {kind(c.kind)} due {localTime(c.scheduledFor, props.timeZone)}:{' '}
                  {reasonInWords(c.reason) ?? c.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
