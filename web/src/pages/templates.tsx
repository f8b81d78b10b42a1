import { Link } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { Empty, LoadFailed, Loading } from '../components/fields';
import { allPages, useLoad } from '../components/use-load';

export function TemplatesPage() {
  const templates = useLoad(
    () => allPages((query) => unwrap(api.GET('/v1/templates', { params: { query } }))),
    [],
  );
  return (
    <>
      <h1>Templates</h1>
      {templates.error && <LoadFailed error={templates.error} />}
      {templates.loading && !templates.data && <Loading what="templates" />}
      {templates.data?.length === 0 && <Empty>No templates yet. Rules send a template’s text.</Empty>}
      {templates.data && templates.data.length > 0 && (
        <ul className="list">
          {templates.data.map((t) => (
            <li key={t.id}>
              <Link to={`/templates/${t.id}`}>{t.name}</Link>
              <span className="muted"> {t.body.slice(0, 80)}</span>
            </li>
          ))}
        </ul>
      )}
      <Link className="button" to="/templates/new">
        + Template
      </Link>
    </>
  );
}
