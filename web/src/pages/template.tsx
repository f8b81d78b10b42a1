import { useEffect, useState, type FormEvent } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { api } from '../api/client';
import { ApiFailure, unwrap } from '../api/errors';
import { FormError, LoadFailed, Loading, Saved, SelectField, TextField } from '../components/fields';
import { useSubmit } from '../components/use-form';
import { useLoad } from '../components/use-load';

const VARIABLES =
  '{{client.name}} {{order.number}} {{order.status}} {{order.dueDate}} {{location.name}} {{location.address}} ' +
  '{{location.phone}} {{company.name}} {{lead.number}} {{lead.status}}';

export function TemplatePage() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const template = useLoad(
    async () => (isNew ? null : unwrap(api.GET('/v1/templates/{id}', { params: { path: { id } } }))),
    [id],
  );
  if (template.error) return <LoadFailed error={template.error} />;
  if (template.data === undefined) return <Loading what="the template" />;
  return <TemplateEditor key={id} id={isNew ? undefined : id} initial={template.data ?? undefined} />;
}

function TemplateEditor(props: {
  id?: string;
  initial?: { name: string; subject: string | null; body: string };
}) {
  const navigate = useNavigate();
  const justCreated = (useLocation().state as { created?: boolean } | null)?.created === true;
  const [name, setName] = useState(props.initial?.name ?? '');
  const [subject, setSubject] = useState(props.initial?.subject ?? '');
  const [body, setBody] = useState(props.initial?.body ?? '');
  const [orderId, setOrderId] = useState('');
  const orders = useLoad(() => unwrap(api.GET('/v1/orders')), []);
  const form = useSubmit();
  const removal = useSubmit();
  const [preview, setPreview] = useState<{ subject: string | null; body: string }>();
  const [previewError, setPreviewError] = useState<ApiFailure>();

  // Live preview: rendered by the API as it would be sent, a moment after typing stops.
  useEffect(() => {
    if (!body.trim()) return;
    const timer = setTimeout(() => {
      api
        .POST('/v1/templates/preview', {
          body: { subject: subject || null, body, ...(orderId ? { orderId } : {}) },
        })
        .then(({ data, error, response }) => {
          if (response.ok && data) {
            setPreview(data);
            setPreviewError(undefined);
          } else {
            setPreviewError(new ApiFailure(response.status, (error as { error: ApiFailure['error'] }).error));
          }
        })
        .catch(() => undefined);
    }, 300);
    return () => clearTimeout(timer);
  }, [subject, body, orderId]);

  async function save(e: FormEvent) {
    e.preventDefault();
    const input = { name, subject: subject || null, body };
    const saved = await form.submit(() =>
      props.id
        ? unwrap(api.PATCH('/v1/templates/{id}', { params: { path: { id: props.id } }, body: input }))
        : unwrap(api.POST('/v1/templates', { body: input })),
    );
    if (saved && !props.id)
      void navigate(`/templates/${saved.id}`, { replace: true, state: { created: true } });
  }
  async function remove() {
    const done = await removal.submit(async () => {
      await unwrap(api.DELETE('/v1/templates/{id}', { params: { path: { id: props.id! } } }));
      return true;
    });
    if (done) void navigate('/templates');
  }

  const previewFields = previewError?.fields ?? {};
  return (
    <>
      <h1>{props.id ? `Template: ${props.initial?.name}` : 'New template'}</h1>
      <div className="two-columns">
        <form onSubmit={save} aria-label="Template" className="card">
          <TextField label="Name" value={name} onChange={setName} required error={form.fieldError('name')} />
          <TextField
            label="Subject (email)"
            value={subject}
            onChange={setSubject}
            error={form.fieldError('subject') ?? previewFields.subject}
          />
          <TextField
            label="Body"
            multiline
            rows={6}
            value={body}
            onChange={setBody}
            required
            error={form.fieldError('body') ?? previewFields.body}
            hint={`Variables: ${VARIABLES}`}
          />
          <FormError error={form.unshown(['name', 'subject', 'body'])} />
          <button type="submit" disabled={form.busy}>
            Save template
          </button>
          <Saved show={form.done || (justCreated && !form.error)}>Template saved.</Saved>
          {props.id && (
            <>
              <button type="button" className="danger" onClick={() => void remove()}>
                Delete template
              </button>
              <FormError error={removal.error} />
            </>
          )}
        </form>
        <section aria-labelledby="preview-heading" className="card preview">
          <h2 id="preview-heading">Preview</h2>
          <SelectField
            label="Render with order"
            value={orderId}
            onChange={setOrderId}
            placeholder="Sample data"
            options={(orders.data?.items ?? []).map((o) => ({ value: o.id, label: `Order ${o.number}` }))}
          />
          <div aria-live="polite">
            {preview && !previewError ? (
              <>
                {preview.subject && <p className="subject">{preview.subject}</p>}
                <p className="message">{preview.body}</p>
              </>
            ) : previewError ? (
              <p className="muted">The preview appears when the template is valid.</p>
            ) : (
              <p className="muted">Type a body to see the message.</p>
            )}
          </div>
        </section>
      </div>
    </>
  );
}
