import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, CHANNEL_NAMES, CHANNELS } from '../api/client';
import { ApiFailure, unwrap } from '../api/errors';
import { Empty, FormError, LoadFailed, Loading, TextField } from '../components/fields';
import { useSubmit } from '../components/use-form';
import { useLoad } from '../components/use-load';

export function ClientsPage() {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [cursor, setCursor] = useState<string>();
  const clients = useLoad(() => {
    const q = query.trim();
    const filter = !q ? {} : q.includes('@') ? { email: q } : { phone: q };
    return unwrap(api.GET('/v1/clients', { params: { query: { ...filter, cursor } } }));
  }, [query, cursor]);

  return (
    <>
      <h1>Clients</h1>
      <form
        role="search"
        aria-label="Find clients"
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          setCursor(undefined);
          setQuery(search);
        }}
      >
        <TextField label="Phone or email" type="search" value={search} onChange={setSearch} />
        <button type="submit">Search</button>
      </form>
      {clients.error && <LoadFailed error={clients.error} />}
      {clients.loading && <Loading what="clients" />}
      {clients.data?.items.length === 0 && (
        <Empty>{query ? 'No client has this phone or email.' : 'No clients yet.'}</Empty>
      )}
      {clients.data && clients.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Phone</th>
              <th scope="col">Email</th>
              <th scope="col">Consent</th>
            </tr>
          </thead>
          <tbody>
            {clients.data.items.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/clients/${c.id}`}>{c.name}</Link>
                </td>
                <td>{c.phone ?? '—'}</td>
                <td>{c.email ?? '—'}</td>
                <td>
                  {CHANNELS.filter((ch) => c.consent[ch])
                    .map((ch) => CHANNEL_NAMES[ch])
                    .join(', ') || 'none'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {clients.data?.nextCursor && (
        <button type="button" className="secondary" onClick={() => setCursor(clients.data!.nextCursor!)}>
          Next page
        </button>
      )}
      <NewClient onCreated={() => void clients.reload()} />
    </>
  );
}

function NewClient({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [created, setCreated] = useState<{ id: string; name: string }>();
  const form = useSubmit();

  async function create(e: FormEvent) {
    e.preventDefault();
    setCreated(undefined);
    const client = await form.submit(() =>
      unwrap(
        api.POST('/v1/clients', { body: { name, phone: phone.trim() || null, email: email.trim() || null } }),
      ),
    );
    if (client) {
      setCreated(client);
      setName('');
      setPhone('');
      setEmail('');
      onCreated();
    }
  }
  const duplicate =
    form.error instanceof ApiFailure && form.error.status === 409
      ? (form.error.error.details as { existingClientId: string; field: 'phone' | 'email' })
      : undefined;
  const duplicateMessage = (field: 'phone' | 'email') =>
    duplicate?.field === field ? (
      <>
        A client with this {field === 'phone' ? 'phone number' : 'email'} already exists:{' '}
        <Link to={`/clients/${duplicate.existingClientId}`}>open the existing client</Link>
      </>
    ) : (
      form.fieldError(field)
    );

  return (
    <section aria-labelledby="new-client">
      <h2 id="new-client">New client</h2>
      <form onSubmit={create} aria-label="New client" className="card">
        <TextField label="Name" value={name} onChange={setName} required error={form.fieldError('name')} />
        <TextField
          label="Phone"
          type="tel"
          value={phone}
          onChange={setPhone}
          error={duplicateMessage('phone')}
        />
        <TextField
          label="Email"
          type="email"
          value={email}
          onChange={setEmail}
          error={duplicateMessage('email')}
        />
        <p className="hint">
          Consent follows the defaults in Settings; switch channels on the client’s profile.
        </p>
        <FormError error={duplicate ? undefined : form.unshown(['name', 'phone', 'email'])} />
        <button type="submit" disabled={form.busy}>
          Create client
        </button>
        {created && (
          <p role="status">
            Client created: <Link to={`/clients/${created.id}`}>{created.name}</Link>
          </p>
        )}
      </form>
    </section>
  );
}
