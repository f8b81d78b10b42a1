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

interface TranslationRow {
  language: string;
  subject: string;
  body: string;
}

const toTranslations = (rows: TranslationRow[]) =>
  Object.fromEntries(
    rows
      .filter((r) => r.language.trim())
      .map((r) => [r.language.trim(), { subject: r.subject || null, body: r.body }]),
  );

function TemplateEditor(props: {
  id?: string;
  initial?: {
    name: string;
    subject: string | null;
    body: string;
    translations?: Record<string, { subject: string | null; body: string }>;
  };
}) {
  const navigate = useNavigate();
  const justCreated = (useLocation().state as { created?: boolean } | null)?.created === true;
  const [name, setName] = useState(props.initial?.name ?? '');
  const [subject, setSubject] = useState(props.initial?.subject ?? '');
  const [body, setBody] = useState(props.initial?.body ?? '');
  const [translations, setTranslations] = useState<TranslationRow[]>(
    Object.entries(props.initial?.translations ?? {}).map(([language, t]) => ({
      language,
      subject: t.subject ?? '',
      body: t.body,
    })),
  );
  const [language, setLanguage] = useState('');
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
          body: {
            subject: subject || null,
            body,
            translations: toTranslations(translations),
            ...(language.trim() ? { language: language.trim() } : {}),
            ...(orderId ? { orderId } : {}),
          },
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
  }, [subject, body, translations, language, orderId]);

  async function save(e: FormEvent) {
    e.preventDefault();
    const input = { name, subject: subject || null, body, translations: toTranslations(translations) };
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
          <fieldset>
            <legend>Translations</legend>
            <p className="hint">Sent to clients whose language is this one (de also serves de-AT).</p>
            {translations.map((t, i) => {
              const change = (patch: Partial<TranslationRow>) =>
                setTranslations(translations.map((row, j) => (j === i ? { ...row, ...patch } : row)));
              const at = `translations.${t.language.trim()}`;
              return (
                <div key={i} className="translation">
                  <TextField
                    label="Language (BCP 47)"
                    value={t.language}
                    onChange={(language) => change({ language })}
                    placeholder="de"
                    error={t.language.trim() ? form.fieldError(at) : undefined}
                  />
                  <TextField
                    label={`Subject (${t.language || 'translation'})`}
                    value={t.subject}
                    onChange={(subject) => change({ subject })}
                    error={form.fieldError(`${at}.subject`)}
                  />
                  <TextField
                    label={`Body (${t.language || 'translation'})`}
                    multiline
                    rows={4}
                    value={t.body}
                    onChange={(body) => change({ body })}
                    error={form.fieldError(`${at}.body`)}
                  />
                  <button
                    type="button"
                    onClick={() => setTranslations(translations.filter((_, j) => j !== i))}
                  >
                    Remove translation
                  </button>
                </div>
              );
            })}
            <button
              type="button"
              onClick={() => setTranslations([...translations, { language: '', subject: '', body: '' }])}
            >
              Add translation
            </button>
          </fieldset>
          <FormError error={form.unshown(['name', 'subject', 'body', 'translations'])} />
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
          <TextField
            label="As for a client of language"
            value={language}
            onChange={setLanguage}
            placeholder="the order's client's"
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
