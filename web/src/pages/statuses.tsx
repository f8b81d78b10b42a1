import { useState, type FormEvent } from 'react';
import { api, type Status } from '../api/client';
import { unwrap } from '../api/errors';
import {
  Checkbox,
  Empty,
  FormError,
  LoadFailed,
  Loading,
  SelectField,
  TextField,
} from '../components/fields';
import { useSubmit } from '../components/use-form';
import { allPages, useLoad } from '../components/use-load';

const ENTITIES = [
  { value: 'order', label: 'Order' },
  { value: 'lead', label: 'Lead' },
];

export function StatusesPage() {
  const statuses = useLoad(
    () => allPages((query) => unwrap(api.GET('/v1/statuses', { params: { query } }))),
    [],
  );
  const [name, setName] = useState('');
  const [entity, setEntity] = useState<'order' | 'lead'>('order');
  const [final, setFinal] = useState(false);
  const form = useSubmit();
  const rowAction = useSubmit();

  async function create(e: FormEvent) {
    e.preventDefault();
    const created = await form.submit(() =>
      unwrap(api.POST('/v1/statuses', { body: { name, entity, final } })),
    );
    if (created) {
      setName('');
      setFinal(false);
      await statuses.reload();
    }
  }
  const change = async (s: Status, final: boolean) => {
    await rowAction.submit(() =>
      unwrap(api.PATCH('/v1/statuses/{id}', { params: { path: { id: s.id } }, body: { final } })),
    );
    await statuses.reload();
  };
  const remove = async (s: Status) => {
    await rowAction.submit(() => unwrap(api.DELETE('/v1/statuses/{id}', { params: { path: { id: s.id } } })));
    await statuses.reload();
  };

  return (
    <>
      <h1>Statuses</h1>
      {statuses.error && <LoadFailed error={statuses.error} />}
      {statuses.loading && !statuses.data && <Loading what="statuses" />}
      {ENTITIES.map(({ value, label }) => {
        const list = statuses.data?.filter((s) => s.entity === value) ?? [];
        return (
          <section key={value} aria-labelledby={`statuses-${value}`}>
            <h2 id={`statuses-${value}`}>{label} statuses</h2>
            {statuses.data && list.length === 0 && <Empty>No {label.toLowerCase()} statuses yet.</Empty>}
            {list.length > 0 && (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Final</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((s) => (
                    <tr key={s.id}>
                      <td>{s.name}</td>
                      <td>
                        <Checkbox
                          label={<span className="sr-only">{`${s.name} is final`}</span>}
                          checked={s.final}
                          onChange={(v) => void change(s, v)}
                        />
                      </td>
                      <td>
                        <button
                          type="button"
                          className="link"
                          aria-label={`Delete ${s.name}`}
                          onClick={() => void remove(s)}
                        >
                          Delete
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        );
      })}
      <FormError error={rowAction.error} />
      <section aria-labelledby="new-status">
        <h2 id="new-status">New status</h2>
        <form onSubmit={create} aria-label="New status" className="card">
          <SelectField
            label="For"
            value={entity}
            onChange={(v) => setEntity(v as 'order' | 'lead')}
            options={ENTITIES}
          />
          <TextField
            label="Status name"
            value={name}
            onChange={setName}
            required
            error={form.fieldError('name')}
          />
          <Checkbox
            label="Final (the order or lead is closed; its reminders are cancelled)"
            checked={final}
            onChange={setFinal}
          />
          <FormError error={form.unshown(['name'])} />
          <button type="submit" disabled={form.busy}>
            Create status
          </button>
        </form>
      </section>
    </>
  );
}
