import type { Pool, PoolClient } from 'pg';
import type { Translations } from '../../domain/language';
import { afterCursor, decodeCursor, Page, toPage } from '../pagination';

type Queryable = Pool | PoolClient;

export interface Template {
  id: string;
  name: string;
  subject: string | null;
  body: string;
  /** Canonical BCP 47 tag → the text in that language. */
  translations: Translations;
}

interface TemplateRow extends Template {
  created_at: Date;
}

const toTemplate = (r: TemplateRow): Template => ({
  id: r.id,
  name: r.name,
  subject: r.subject,
  body: r.body,
  translations: r.translations ?? {},
});

export async function insertTemplate(
  db: Queryable,
  companyId: string,
  t: Omit<Template, 'id'>,
): Promise<Template> {
  const { rows } = await db.query<TemplateRow>(
    `INSERT INTO templates (company_id, name, subject, body, translations)
     VALUES ($1, $2, $3, $4, $5) RETURNING *`,
    [companyId, t.name, t.subject, t.body, JSON.stringify(t.translations)],
  );
  return toTemplate(rows[0]!);
}

export async function findTemplate(db: Queryable, companyId: string, id: string): Promise<Template | null> {
  const { rows } = await db.query<TemplateRow>('SELECT * FROM templates WHERE company_id = $1 AND id = $2', [
    companyId,
    id,
  ]);
  return rows[0] ? toTemplate(rows[0]) : null;
}

export async function listTemplates(
  db: Queryable,
  companyId: string,
  page: { cursor?: string; limit: number },
): Promise<Page<Template>> {
  const params: unknown[] = [companyId];
  const where = afterCursor(decodeCursor(page.cursor), params);
  const { rows } = await db.query<TemplateRow>(
    `SELECT * FROM templates WHERE company_id = $1 AND ${where} ORDER BY created_at, id LIMIT ${page.limit + 1}`,
    params,
  );
  return toPage(rows, page.limit, toTemplate);
}

export async function updateTemplate(db: Queryable, companyId: string, t: Template): Promise<Template> {
  const { rows } = await db.query<TemplateRow>(
    `UPDATE templates SET name = $3, subject = $4, body = $5, translations = $6, updated_at = now()
     WHERE company_id = $1 AND id = $2 RETURNING *`,
    [companyId, t.id, t.name, t.subject, t.body, JSON.stringify(t.translations)],
  );
  return toTemplate(rows[0]!);
}

/** A template still used by a rule cannot be deleted (the rule would have nothing to send). */
export async function deleteTemplate(
  db: Queryable,
  companyId: string,
  id: string,
): Promise<'deleted' | 'in_use'> {
  const used = await db.query('SELECT 1 FROM notification_rules WHERE template_id = $1 LIMIT 1', [id]);
  if (used.rowCount) return 'in_use';
  await db.query('DELETE FROM templates WHERE company_id = $1 AND id = $2', [companyId, id]);
  return 'deleted';
}
