import type { Pool, PoolClient } from 'pg';
import type { Channel, DurationUnit, EntityKind, Rule, RuleKind, TriggerType } from '../../domain/types';
import { afterCursor, decodeCursor, Page, toPage } from '../pagination';

type Queryable = Pool | PoolClient;

export interface RuleRow {
  id: string;
  entity: EntityKind;
  kind: RuleKind;
  location_id: string | null;
  trigger_type: TriggerType | null;
  trigger_status_id: string | null;
  channel: Channel;
  template_id: string;
  delay_value: number | null;
  delay_unit: DurationUnit | null;
  working_hours_only: boolean;
  remind_before_value: number | null;
  remind_before_unit: DurationUnit | null;
  enabled: boolean;
  fallback_channel: Channel | null;
  fallback_after_value: number | null;
  fallback_after_unit: DurationUnit | null;
  debounce_value: number | null;
  debounce_unit: DurationUnit | null;
  created_at: Date;
}

const duration = (value: number | null, unit: DurationUnit | null) =>
  value !== null && unit ? { value, unit } : null;

export const toRule = (r: RuleRow): Rule => ({
  id: r.id,
  entity: r.entity,
  kind: r.kind,
  locationId: r.location_id,
  trigger: r.trigger_type ? { type: r.trigger_type, statusId: r.trigger_status_id } : null,
  channel: r.channel,
  templateId: r.template_id,
  delay: duration(r.delay_value, r.delay_unit),
  workingHoursOnly: r.working_hours_only,
  remindBefore: duration(r.remind_before_value, r.remind_before_unit),
  enabled: r.enabled,
  fallback: r.fallback_channel
    ? { channel: r.fallback_channel, after: duration(r.fallback_after_value, r.fallback_after_unit)! }
    : null,
  debounce: duration(r.debounce_value, r.debounce_unit),
});

export type RuleInput = Omit<Rule, 'id'>;

const columnValues = (rule: RuleInput) => [
  rule.entity,
  rule.kind,
  rule.locationId,
  rule.trigger?.type ?? null,
  rule.trigger?.statusId ?? null,
  rule.channel,
  rule.templateId,
  rule.delay?.value ?? null,
  rule.delay?.unit ?? null,
  rule.workingHoursOnly,
  rule.remindBefore?.value ?? null,
  rule.remindBefore?.unit ?? null,
  rule.enabled,
  rule.fallback?.channel ?? null,
  rule.fallback?.after.value ?? null,
  rule.fallback?.after.unit ?? null,
  rule.debounce?.value ?? null,
  rule.debounce?.unit ?? null,
];

export async function insertRule(
  db: Queryable,
  companyId: string,
  rule: RuleInput,
  copiedFromRuleId: string | null = null,
): Promise<Rule | null> {
  const { rows } = await db.query<RuleRow>(
    `INSERT INTO notification_rules (company_id, entity, kind, location_id, trigger_type, trigger_status_id, channel,
       template_id, delay_value, delay_unit, working_hours_only, remind_before_value, remind_before_unit, enabled,
       fallback_channel, fallback_after_value, fallback_after_unit, debounce_value, debounce_unit, copied_from_rule_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
     ON CONFLICT (copied_from_rule_id, location_id) WHERE copied_from_rule_id IS NOT NULL DO NOTHING
     RETURNING *`,
    [companyId, ...columnValues(rule), copiedFromRuleId],
  );
  return rows[0] ? toRule(rows[0]) : null;
}

export async function updateRule(
  db: Queryable,
  companyId: string,
  id: string,
  rule: RuleInput,
): Promise<Rule> {
  const { rows } = await db.query<RuleRow>(
    `UPDATE notification_rules SET entity = $3, kind = $4, location_id = $5, trigger_type = $6,
       trigger_status_id = $7, channel = $8, template_id = $9, delay_value = $10, delay_unit = $11,
       working_hours_only = $12, remind_before_value = $13, remind_before_unit = $14, enabled = $15,
       fallback_channel = $16, fallback_after_value = $17, fallback_after_unit = $18, debounce_value = $19,
       debounce_unit = $20, updated_at = now()
     WHERE company_id = $1 AND id = $2 RETURNING *`,
    [companyId, id, ...columnValues(rule)],
  );
  return toRule(rows[0]!);
}

export async function findRule(db: Queryable, companyId: string, id: string): Promise<Rule | null> {
  const { rows } = await db.query<RuleRow>(
    'SELECT * FROM notification_rules WHERE company_id = $1 AND id = $2',
    [companyId, id],
  );
  return rows[0] ? toRule(rows[0]) : null;
}

export async function findRulesByIds(db: Queryable, companyId: string, ids: string[]): Promise<Rule[]> {
  const { rows } = await db.query<RuleRow>(
    'SELECT * FROM notification_rules WHERE company_id = $1 AND id = ANY($2::uuid[]) ORDER BY created_at, id FOR UPDATE',
    [companyId, ids],
  );
  return rows.map(toRule);
}

export async function listRules(
  db: Queryable,
  companyId: string,
  filter: { entity?: EntityKind; locationId?: string; cursor?: string; limit: number },
): Promise<Page<Rule>> {
  const params: unknown[] = [companyId];
  let where = afterCursor(decodeCursor(filter.cursor), params);
  if (filter.entity) {
    params.push(filter.entity);
    where += ` AND entity = $${params.length}`;
  }
  if (filter.locationId) {
    params.push(filter.locationId);
    where += ` AND location_id = $${params.length}`;
  }
  const { rows } = await db.query<RuleRow>(
    `SELECT * FROM notification_rules WHERE company_id = $1 AND ${where}
     ORDER BY created_at, id LIMIT ${filter.limit + 1}`,
    params,
  );
  return toPage(rows, filter.limit, toRule);
}

/** The enabled rules that could fire for an entity: the company's lead rules, or one location's order rules. */
export async function rulesFor(
  db: Queryable,
  companyId: string,
  entity: EntityKind,
  locationId: string | null,
) {
  const { rows } = await db.query<RuleRow>(
    `SELECT * FROM notification_rules
     WHERE company_id = $1 AND entity = $2 AND enabled AND ($3::uuid IS NULL OR location_id = $3)
     ORDER BY created_at, id`,
    [companyId, entity, locationId],
  );
  return rows.map(toRule);
}

export async function deleteRules(db: Queryable, companyId: string, ids: string[]): Promise<number> {
  const { rowCount } = await db.query(
    'DELETE FROM notification_rules WHERE company_id = $1 AND id = ANY($2::uuid[])',
    [companyId, ids],
  );
  return rowCount ?? 0;
}
