import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { Empty, FormError, LoadFailed, Loading, SelectField, TextField } from '../components/fields';
import { useSubmit } from '../components/use-form';
import { allPages, useLoad } from '../components/use-load';
import { localTime } from '../words/time';

export function LeadsPage() {
  const navigate = useNavigate();
  const [cursor, setCursor] = useState<string>();
  const leads = useLoad(() => unwrap(api.GET('/v1/leads', { params: { query: { cursor } } })), [cursor]);
  const statuses = useLoad(
    () =>
      allPages((query) =>
        unwrap(api.GET('/v1/statuses', { params: { query: { entity: 'lead', ...query } } })),
      ),
    [],
  );
  const clients = useLoad(
    () => allPages((query) => unwrap(api.GET('/v1/clients', { params: { query } })), 5),
    [],
  );
  const [clientId, setClientId] = useState('');
  const [statusId, setStatusId] = useState('');
  const [number, setNumber] = useState('');
  const form = useSubmit();

  async function create(e: FormEvent) {
    e.preventDefault();
    const lead = await form.submit(() =>
      unwrap(
        api.POST('/v1/leads', {
          body: { clientId, statusId, ...(number.trim() ? { number: number.trim() } : {}) },
        }),
      ),
    );
    if (lead) void navigate(`/leads/${lead.id}`);
  }
  const statusName = (id: string) => statuses.data?.find((s) => s.id === id)?.name ?? '';

  return (
    <>
      <h1>Leads</h1>
      {leads.error && <LoadFailed error={leads.error} />}
      {leads.loading && <Loading what="leads" />}
      {leads.data?.items.length === 0 && <Empty>No leads yet.</Empty>}
      {leads.data && leads.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {leads.data.items.map((l) => (
              <tr key={l.id}>
                <td>
                  <Link to={`/leads/${l.id}`}>Lead {l.number}</Link>
                </td>
                <td>{statusName(l.statusId)}</td>
                <td>{localTime(l.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {leads.data?.nextCursor && (
        <button type="button" className="secondary" onClick={() => setCursor(leads.data!.nextCursor!)}>
          Next page
        </button>
      )}
      <section aria-labelledby="new-lead">
        <h2 id="new-lead">New lead</h2>
        <form onSubmit={create} aria-label="New lead" className="card">
          <SelectField
            label="Client"
            value={clientId}
            onChange={setClientId}
            placeholder="Choose a client"
            options={(clients.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            error={form.fieldError('clientId')}
          />
          <SelectField
            label="Status"
            value={statusId}
            onChange={setStatusId}
            placeholder="Choose a status"
            options={(statuses.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            error={form.fieldError('statusId')}
          />
          <TextField label="Number" value={number} onChange={setNumber} error={form.fieldError('number')} />
          <FormError error={form.unshown(['clientId', 'statusId', 'number'])} />
          <button type="submit" disabled={form.busy}>
            Create lead
          </button>
        </form>
      </section>
    </>
  );
}
