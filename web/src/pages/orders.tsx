import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { Empty, FormError, LoadFailed, Loading, SelectField, TextField } from '../components/fields';
import { loadRefs } from '../components/entity-refs';
import { useSubmit } from '../components/use-form';
import { allPages, useLoad } from '../components/use-load';
import { fromLocalInput, localTime } from '../words/time';

export function OrdersPage() {
  const [cursor, setCursor] = useState<string>();
  const orders = useLoad(() => unwrap(api.GET('/v1/orders', { params: { query: { cursor } } })), [cursor]);
  const refs = useLoad(loadRefs, []);
  const name = (list: { id: string; name: string }[] | undefined, id: string) =>
    list?.find((x) => x.id === id)?.name ?? '';

  return (
    <>
      <h1>Orders</h1>
      {orders.error && <LoadFailed error={orders.error} />}
      {orders.loading && <Loading what="orders" />}
      {orders.data?.items.length === 0 && <Empty>No orders yet.</Empty>}
      {orders.data && orders.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Location</th>
              <th scope="col">Status</th>
              <th scope="col">Due</th>
            </tr>
          </thead>
          <tbody>
            {orders.data.items.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/orders/${o.id}`}>Order {o.number}</Link>
                </td>
                <td>{name(refs.data?.locations, o.locationId)}</td>
                <td>{name(refs.data?.statuses, o.statusId)}</td>
                <td>{localTime(o.dueDate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {orders.data?.nextCursor && (
        <button type="button" className="secondary" onClick={() => setCursor(orders.data!.nextCursor!)}>
          Next page
        </button>
      )}
      {refs.data && <NewOrder refs={refs.data} />}
    </>
  );
}

function NewOrder({ refs }: { refs: Awaited<ReturnType<typeof loadRefs>> }) {
  const navigate = useNavigate();
  const clients = useLoad(
    () => allPages((query) => unwrap(api.GET('/v1/clients', { params: { query } })), 5),
    [],
  );
  const [clientId, setClientId] = useState('');
  const [locationId, setLocationId] = useState('');
  const [statusId, setStatusId] = useState('');
  const [number, setNumber] = useState('');
  const [dueDate, setDueDate] = useState('');
  const form = useSubmit();

  async function create(e: FormEvent) {
    e.preventDefault();
    const order = await form.submit(() =>
      unwrap(
        api.POST('/v1/orders', {
          body: {
            clientId,
            locationId,
            statusId,
            ...(number.trim() ? { number: number.trim() } : {}),
            dueDate: fromLocalInput(dueDate),
          },
        }),
      ),
    );
    if (order) void navigate(`/orders/${order.id}`);
  }
  return (
    <section aria-labelledby="new-order">
      <h2 id="new-order">New order</h2>
      <form onSubmit={create} aria-label="New order" className="card">
        <SelectField
          label="Client"
          value={clientId}
          onChange={setClientId}
          placeholder="Choose a client"
          options={(clients.data ?? []).map((c) => ({
            value: c.id,
            label: `${c.name}${c.phone ? ` (${c.phone})` : ''}`,
          }))}
          error={form.fieldError('clientId')}
        />
        <SelectField
          label="Location"
          value={locationId}
          onChange={setLocationId}
          placeholder="Choose a location"
          options={refs.locations.map((l) => ({ value: l.id, label: l.name }))}
          error={form.fieldError('locationId')}
        />
        <SelectField
          label="Status"
          value={statusId}
          onChange={setStatusId}
          placeholder="Choose a status"
          options={refs.statuses
            .filter((s) => s.entity === 'order')
            .map((s) => ({ value: s.id, label: s.name }))}
          error={form.fieldError('statusId')}
        />
        <TextField
          label="Number"
          value={number}
          onChange={setNumber}
          hint="Left empty, the next number is used."
          error={form.fieldError('number')}
        />
        <TextField
          label="Due date"
          type="datetime-local"
          value={dueDate}
          onChange={setDueDate}
          hint="In your browser’s time. Reminders are planned from it."
          error={form.fieldError('dueDate')}
        />
        <FormError error={form.unshown(['clientId', 'locationId', 'statusId', 'number', 'dueDate'])} />
        <button type="submit" disabled={form.busy}>
          Create order
        </button>
      </form>
    </section>
  );
}
