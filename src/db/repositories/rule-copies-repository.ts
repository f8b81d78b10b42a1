import type { PoolClient } from 'pg';

/**
 * Bookkeeping for copy_to_all_locations. Every copy records its origin (`copied_from_rule_id`): the rule
 * first copied, never a copy of a copy. A rule and all its copies form one family, and a family holds at
 * most one rule per location, so copying any member again — the original or a copy — adds nothing where
 * the family already is.
 */
export interface CopyFootprint {
  /** Rule id → the id of its family's origin (itself when it is not a copy). */
  originOf: Map<string, string>;
  /** Origin id → locations where the family already has a rule. */
  occupied: Map<string, Set<string>>;
}

export async function copyFootprint(
  tx: PoolClient,
  companyId: string,
  ruleIds: string[],
): Promise<CopyFootprint> {
  const origins = await tx.query<{ id: string; origin: string }>(
    `SELECT id, COALESCE(copied_from_rule_id, id) AS origin FROM notification_rules
     WHERE company_id = $1 AND id = ANY($2::uuid[])`,
    [companyId, ruleIds],
  );
  const originOf = new Map(origins.rows.map((r) => [r.id, r.origin]));
  const originIds = [...new Set(originOf.values())];
  const members = await tx.query<{ origin: string; location_id: string | null }>(
    `SELECT COALESCE(copied_from_rule_id, id) AS origin, location_id FROM notification_rules
     WHERE company_id = $1 AND (id = ANY($2::uuid[]) OR copied_from_rule_id = ANY($2::uuid[]))`,
    [companyId, originIds],
  );
  const occupied = new Map<string, Set<string>>();
  for (const { origin, location_id } of members.rows) {
    if (!location_id) continue;
    if (!occupied.has(origin)) occupied.set(origin, new Set());
    occupied.get(origin)!.add(location_id);
  }
  return { originOf, occupied };
}
