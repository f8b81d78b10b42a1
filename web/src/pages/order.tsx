import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { FormError, LoadFailed, Loading, SelectField, TextField } from '../components/fields';
import { loadRefs } from '../components/entity-refs';
import { loadFeed } from '../components/feed';
import { SimulatePanel } from '../components/simulate-panel';
import { PendingList, Timeline, WorkflowLink } from '../components/timeline';
import { useSubmit } from '../components/use-form';
import { useLoad } from '../components/use-load';
import { fromLocalInput, localTime, toLocalInput } from '../words/time';

/** How often an open order page asks for news: the workflow writes the feed as it acts. */
const REFRESH_MS = 2000;

export function OrderPage() {
  const { id = '' } = useParams();
  const path = { params: { path: { id } } };
  const order = useLoad(() => unwrap(api.GET('/v1/orders/{id}', path)), [id]);
  const feed = useLoad(() => loadFeed('order', id), [id]);
  const refs = useLoad(loadRefs, []);
  const client = useLoad(
    async () =>
      order.data
        ? unwrap(api.GET('/v1/clients/{id}', { params: { path: { id: order.data.clientId } } }))
        : null,
    [order.data?.clientId],
  );
  const [statusId, setStatusId] = useState('');
  const [dueDate, setDueDate] = useState('');
  // A choice the manager is making is not overwritten by a refresh that brings the order's new values.
  const edited = useRef({ status: false, due: false });
  const statusForm = useSubmit();
  const dueForm = useSubmit();

  const { reload: reloadOrder } = order;
  const { reload: reloadFeed } = feed;
  useEffect(() => {
    const timer = setInterval(() => void Promise.all([reloadOrder(), reloadFeed()]), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reloadOrder, reloadFeed]);
  useEffect(() => {
    if (order.data) {
      if (!edited.current.status) setStatusId(order.data.statusId);
      if (!edited.current.due) setDueDate(toLocalInput(order.data.dueDate));
    }
    // Only when the order itself changes, not on every refresh.
  }, [order.data?.statusId, order.data?.dueDate]);

  const refresh = () => Promise.all([order.reload(), feed.reload()]);
  async function changeStatus(e: FormEvent) {
    e.preventDefault();
    await statusForm.submit(() => unwrap(api.PATCH('/v1/orders/{id}', { ...path, body: { statusId } })));
    edited.current.status = false;
    await refresh();
  }
  async function changeDueDate(e: FormEvent) {
    e.preventDefault();
    await dueForm.submit(() =>
      unwrap(api.PATCH('/v1/orders/{id}', { ...path, body: { dueDate: fromLocalInput(dueDate) } })),
    );
    edited.current.due = false;
    await refresh();
  }

  if (order.error) return <LoadFailed error={order.error} />;
  if (!order.data || !refs.data) return <Loading what="the order" />;
  const o = order.data;
  const location = refs.data.locations.find((l) => l.id === o.locationId);
  const timelineRefs = { ...refs.data, timeZone: location?.timezone };
  const statusName = refs.data.statuses.find((s) => s.id === o.statusId)?.name;
  return (
    <>
      <h1>Order {o.number}</h1>
      <dl className="facts">
        <dt>Client</dt>
        <dd>{client.data ? <Link to={`/clients/${client.data.id}`}>{client.data.name}</Link> : '…'}</dd>
        <dt>Location</dt>
        <dd>{location ? `${location.name} (${location.timezone})` : '—'}</dd>
        <dt>Status</dt>
        <dd>{statusName}</dd>
        <dt>Due</dt>
        <dd>{localTime(o.dueDate, location?.timezone)}</dd>
      </dl>
      <p>
        <WorkflowLink entity="order" id={o.id} />
      </p>
      <div className="two-columns">
        <form onSubmit={changeStatus} aria-label="Change status" className="card">
          <SelectField
            label="New status"
            value={statusId}
            onChange={(value) => {
              edited.current.status = true;
              setStatusId(value);
            }}
            options={refs.data.statuses
              .filter((s) => s.entity === 'order')
              .map((s) => ({ value: s.id, label: s.name }))}
            error={statusForm.fieldError('statusId')}
          />
          <FormError error={statusForm.unshown(['statusId'])} />
          <button type="submit" disabled={statusForm.busy}>
            Change status
          </button>
        </form>
        <form onSubmit={changeDueDate} aria-label="Change due date" className="card">
          <TextField
            label="New due date"
            type="datetime-local"
            value={dueDate}
            onChange={(value) => {
              edited.current.due = true;
              setDueDate(value);
            }}
            hint="In your browser’s time; empty clears it."
            error={dueForm.fieldError('dueDate')}
          />
          <FormError error={dueForm.unshown(['dueDate'])} />
          <button type="submit" disabled={dueForm.busy}>
            Change due date
          </button>
        </form>
      </div>
      <SimulatePanel
        orderId={o.id}
        statusId={o.statusId}
        statuses={refs.data.statuses}
        timeZone={location?.timezone}
      />
      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading">Waiting to be sent</h2>
        <PendingList pending={o.pending} refs={timelineRefs} />
      </section>
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        {feed.data ? <Timeline entries={feed.data} refs={timelineRefs} /> : <Loading what="the timeline" />}
      </section>
    </>
  );
}
