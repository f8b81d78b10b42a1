import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, CHANNEL_NAMES, CHANNELS, type Channel, type Client } from '../api/client';
import { ApiFailure, unwrap } from '../api/errors';
import { Checkbox, Empty, FormError, LoadFailed, Loading, Saved, TextField } from '../components/fields';
import { useSubmit } from '../components/use-form';
import { allPages, useLoad } from '../components/use-load';
import { channelVerdict } from '../words/diagnostics-words';
import { localTime } from '../words/time';

const SOURCES: Record<string, string> = {
  default: 'company default',
  request: 'set when created',
  manual: 'changed by a manager',
  inbound_stop: 'client replied STOP',
  bounce: 'email bounced',
};

export function ClientPage() {
  const { id = '' } = useParams();
  const path = { params: { path: { id } } };
  const client = useLoad(() => unwrap(api.GET('/v1/clients/{id}', path)), [id]);
  const history = useLoad(
    () =>
      allPages((query) =>
        unwrap(api.GET('/v1/clients/{id}/consent-history', { params: { path: { id }, query } })),
      ),
    [id],
  );
  const diagnostics = useLoad(async () => {
    const d = await unwrap(api.GET('/v1/clients/{id}/diagnostics', path));
    // Name the other profiles, so the manager knows which one to look at.
    const names = new Map<string, string>();
    for (const dup of d.duplicates) {
      const other = await unwrap(
        api.GET('/v1/clients/{id}', { params: { path: { id: dup.clientId } } }),
      ).catch(() => null);
      names.set(dup.clientId, other?.name ?? 'another profile');
    }
    return { ...d, names };
  }, [id]);
  const consentChange = useSubmit();
  // The switch moves at once; the reload after the PATCH confirms it (or puts it back on failure).
  const [consent, setConsentShown] = useState<Client['consent']>();
  useEffect(() => setConsentShown(client.data?.consent), [client.data]);

  const refresh = () => Promise.all([client.reload(), history.reload(), diagnostics.reload()]);
  async function setConsent(channel: Channel, granted: boolean) {
    setConsentShown((shown) => shown && { ...shown, [channel]: granted });
    await consentChange.submit(() =>
      unwrap(api.PATCH('/v1/clients/{id}', { ...path, body: { consent: { [channel]: granted } } })),
    );
    await refresh();
  }

  if (client.error) return <LoadFailed error={client.error} />;
  if (!client.data) return <Loading what="the client" />;
  const c = client.data;
  return (
    <>
      <h1>{c.name}</h1>
      <ProfileForm client={c} onSaved={() => void refresh()} />
      <section aria-labelledby="consent-heading" className="card">
        <h2 id="consent-heading">Channels the client agreed to</h2>
        {CHANNELS.map((ch) => (
          <Checkbox
            key={ch}
            switch
            label={CHANNEL_NAMES[ch]}
            checked={(consent ?? c.consent)[ch]}
            disabled={consentChange.busy}
            onChange={(v) => void setConsent(ch, v)}
          />
        ))}
        <FormError error={consentChange.error} />
      </section>
      <section aria-labelledby="diagnostics-heading" className="card">
        <h2 id="diagnostics-heading">Why doesn’t this client get notifications?</h2>
        {diagnostics.error && <LoadFailed error={diagnostics.error} />}
        {!diagnostics.data && !diagnostics.error && <Loading what="diagnostics" />}
        {diagnostics.data && (
          <ul className="diagnostics">
            {diagnostics.data.channels.map((d) => (
              <li key={d.channel} className={d.canReceive ? 'ok' : 'blocked'}>
                {channelVerdict(d.channel, d.canReceive, d.reasons)}
                {d.duplicateClientIds.map((other) => (
                  <span key={other}>
                    {' '}
                    Another profile,{' '}
                    <Link to={`/clients/${other}`}>{diagnostics.data!.names.get(other)}</Link>, has the same{' '}
                    {d.channel === 'email' ? 'email' : 'phone'}.
                  </span>
                ))}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Consent history</h2>
        {history.data?.length === 0 && <Empty>No consent changes recorded.</Empty>}
        {history.data && history.data.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Channel</th>
                <th scope="col">Consent</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((h, i) => (
                <tr key={i}>
                  <td>{localTime(h.at)}</td>
                  <td>{CHANNEL_NAMES[h.channel]}</td>
                  <td>{h.granted ? 'granted' : 'withdrawn'}</td>
                  <td>{SOURCES[h.source] ?? h.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function ProfileForm({ client, onSaved }: { client: Client; onSaved: () => void }) {
  const [name, setName] = useState(client.name);
  const [phone, setPhone] = useState(client.phone ?? '');
  const [email, setEmail] = useState(client.email ?? '');
  const [language, setLanguage] = useState(client.language ?? '');
  const form = useSubmit();
  useEffect(() => {
    setName(client.name);
    setPhone(client.phone ?? '');
    setEmail(client.email ?? '');
    setLanguage(client.language ?? '');
  }, [client]);

  async function save(e: FormEvent) {
    e.preventDefault();
    const saved = await form.submit(() =>
      unwrap(
        api.PATCH('/v1/clients/{id}', {
          params: { path: { id: client.id } },
          body: {
            name,
            phone: phone.trim() || null,
            email: email.trim() || null,
            language: language.trim() || null,
          },
        }),
      ),
    );
    if (saved) onSaved();
  }
  const duplicate =
    form.error instanceof ApiFailure && form.error.status === 409
      ? (form.error.error.details as { existingClientId: string; field: string })
      : undefined;
  const contactError = (field: 'phone' | 'email') =>
    duplicate?.field === field ? (
      <>
        Another client already has it:{' '}
        <Link to={`/clients/${duplicate.existingClientId}`}>open the existing client</Link>
      </>
    ) : (
      form.fieldError(field)
    );
  return (
    <form onSubmit={save} aria-label="Profile" className="card">
      <TextField label="Name" value={name} onChange={setName} required error={form.fieldError('name')} />
      <TextField label="Phone" type="tel" value={phone} onChange={setPhone} error={contactError('phone')} />
      <TextField label="Email" type="email" value={email} onChange={setEmail} error={contactError('email')} />
      <TextField
        label="Language"
        value={language}
        onChange={setLanguage}
        placeholder="de, uk, pt-BR"
        hint="Messages use a template's translation in this language; empty uses the company's."
        error={form.fieldError('language')}
      />
      <FormError error={duplicate ? undefined : form.unshown(['name', 'phone', 'email', 'language'])} />
      <button type="submit" disabled={form.busy}>
        Save profile
      </button>
      <Saved show={form.done}>Profile saved.</Saved>
    </form>
  );
}
