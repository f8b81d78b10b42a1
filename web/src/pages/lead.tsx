import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { FormError, LoadFailed, Loading, SelectField } from '../components/fields';
import { loadRefs } from '../components/entity-refs';
import { loadFeed } from '../components/feed';
import { PendingList, Timeline, WorkflowLink } from '../components/timeline';
import { useSubmit } from '../components/use-form';
import { useLoad } from '../components/use-load';

const REFRESH_MS = 2000;

export function LeadPage() {
  const { id = '' } = useParams();
  const path = { params: { path: { id } } };
  const lead = useLoad(() => unwrap(api.GET('/v1/leads/{id}', path)), [id]);
  const feed = useLoad(() => loadFeed('lead', id), [id]);
  const refs = useLoad(loadRefs, []);
  const client = useLoad(
    async () =>
      lead.data
        ? unwrap(api.GET('/v1/clients/{id}', { params: { path: { id: lead.data.clientId } } }))
        : null,
    [lead.data?.clientId],
  );
  const [statusId, setStatusId] = useState('');
  const form = useSubmit();
  const { reload: reloadLead } = lead;
  const { reload: reloadFeed } = feed;
  useEffect(() => {
    const timer = setInterval(() => void Promise.all([reloadLead(), reloadFeed()]), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reloadLead, reloadFeed]);
  useEffect(() => {
    if (lead.data) setStatusId(lead.data.statusId);
  }, [lead.data?.statusId]);

  async function changeStatus(e: FormEvent) {
    e.preventDefault();
    await form.submit(() => unwrap(api.PATCH('/v1/leads/{id}', { ...path, body: { statusId } })));
    await Promise.all([lead.reload(), feed.reload()]);
  }

  if (lead.error) return <LoadFailed error={lead.error} />;
  if (!lead.data || !refs.data) return <Loading what="the lead" />;
  const l = lead.data;
  return (
    <>
      <h1>Lead {l.number}</h1>
      <dl className="facts">
        <dt>Client</dt>
        <dd>{client.data ? <Link to={`/clients/${client.data.id}`}>{client.data.name}</Link> : '…'}</dd>
        <dt>Status</dt>
        <dd>{refs.data.statuses.find((s) => s.id === l.statusId)?.name}</dd>
      </dl>
      <p>
        <WorkflowLink entity="lead" id={l.id} />
      </p>
      <form onSubmit={changeStatus} aria-label="Change status" className="card">
        <SelectField
          label="New status"
          value={statusId}
          onChange={setStatusId}
          options={refs.data.statuses
            .filter((s) => s.entity === 'lead')
            .map((s) => ({ value: s.id, label: s.name }))}
        />
        <FormError error={form.error} />
        <button type="submit" disabled={form.busy}>
          Change status
        </button>
      </form>
      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading">Waiting to be sent</h2>
        <PendingList pending={l.pending} refs={refs.data} />
      </section>
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        {feed.data ? <Timeline entries={feed.data} refs={refs.data} /> : <Loading what="the timeline" />}
      </section>
    </>
  );
}
