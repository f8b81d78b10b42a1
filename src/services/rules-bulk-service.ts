/**
 * Bulk actions on a set of rules (SPEC 2.3, 5): one transaction, all-or-nothing. The rules are locked
 * first; any id unknown to the company is a 404 and any refused rule a 422 before anything is written.
 *
 * Choices where the spec is silent:
 * * `delete` answers `rules: []`: the deleted rules no longer exist; `affected` counts them.
 * * `set_template` / `set_channel` count and return only the rules whose value actually changed, so a
 *   repeated request answers `affected: 0` like a repeated copy does.
 * * `copy_to_all_locations` creates, for every order rule in the set, a copy at each of the company's
 *   locations where the rule's family (original and its copies) has no rule yet — so repeating it, or
 *   copying a copy, creates no duplicates. Copies keep everything (enabled included) but the location.
 *   One request creates at most MAX_BULK_COPIES rules (422 `too_many_copies` otherwise), so a company
 *   with many locations copies a few rules at a time and no transaction grows without bound.
 */
import type { Pool, PoolClient } from 'pg';
import type { Channel, Rule } from '../domain/types';
import { shapeOf } from '../domain/rule-shape';
import { AppError, notFound, validationError } from '../errors/app-error';
import { MAX_BULK_COPIES, type RuleBulkInput } from '../api/schemas/rules';
import { inTransaction } from '../db/pool';
import { findLocation, listAllLocationIds, type Location } from '../db/repositories/locations-repository';
import { copyFootprint } from '../db/repositories/rule-copies-repository';
import * as rules from '../db/repositories/rules-repository';
import { findTemplate } from '../db/repositories/templates-repository';
import { announceRuleChanges } from './rule-change-events';
import { assertCanWaitForOpening } from './rules-service';

export interface BulkResult {
  affected: number;
  rules: Rule[];
}

export async function bulkRules(db: Pool, companyId: string, input: RuleBulkInput): Promise<BulkResult> {
  const ids = [...new Set(input.ruleIds)];
  return inTransaction(db, async (tx) => {
    const selected = await rules.findRulesByIds(tx, companyId, ids);
    if (selected.length !== ids.length) {
      const found = new Set(selected.map((r) => r.id));
      throw new AppError(404, 'not_found', 'rules not found', {
        missingRuleIds: ids.filter((id) => !found.has(id)),
      });
    }
    const result = await apply(tx, companyId, input, selected);
    // Open orders and leads hear of the change in the same transaction (pending sends, reminders).
    const byId = new Map(result.rules.map((r) => [r.id, r]));
    await announceRuleChanges(tx, companyId, [
      ...selected.map((before) => ({
        before,
        after: input.action === 'delete' ? null : (byId.get(before.id) ?? before),
      })),
      ...(input.action === 'copy_to_all_locations'
        ? result.rules.map((after) => ({ before: null, after }))
        : []),
    ]);
    return result;
  });
}

async function apply(tx: PoolClient, companyId: string, input: RuleBulkInput, selected: Rule[]) {
  const ids = selected.map((r) => r.id);
  switch (input.action) {
    case 'delete':
      return { affected: await rules.deleteRules(tx, companyId, ids), rules: [] };
    case 'set_template':
      if (!(await findTemplate(tx, companyId, input.templateId!))) throw notFound('template');
      return changeAll(tx, companyId, selected, (r) => ({ ...r, templateId: input.templateId! }));
    case 'set_channel':
      assertNotFallbackChannel(selected, input.channel as Channel, input.ruleIds);
      return changeAll(tx, companyId, selected, (r) => ({ ...r, channel: input.channel as Channel }));
    case 'copy_to_all_locations':
      return copyToAllLocations(tx, companyId, selected, input.ruleIds);
  }
}

/** A rule's fallback must stay on another channel than the rule's own (SPEC 9). */
function assertNotFallbackChannel(selected: Rule[], channel: Channel, requested: string[]) {
  const issues = selected
    .filter((r) => r.fallback?.channel === channel)
    .map((r) => ({
      path: ['ruleIds', requested.indexOf(r.id)],
      message: `the rule falls back to ${channel}; change or remove its fallback first`,
      ruleId: r.id,
    }));
  if (issues.length > 0) {
    throw validationError(issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), issues);
  }
}

async function changeAll(tx: PoolClient, companyId: string, selected: Rule[], change: (r: Rule) => Rule) {
  const changed: Rule[] = [];
  for (const rule of selected) {
    const { id, ...next } = change(rule);
    if (next.templateId === rule.templateId && next.channel === rule.channel) continue;
    changed.push(await rules.updateRule(tx, companyId, id, next));
  }
  return { affected: changed.length, rules: changed };
}

async function copyToAllLocations(tx: PoolClient, companyId: string, selected: Rule[], requested: string[]) {
  const leadRules = selected.filter((r) => r.entity !== 'order');
  if (leadRules.length > 0) {
    const issues = leadRules.map((r) => ({
      path: ['ruleIds', requested.indexOf(r.id)],
      message: 'a lead rule belongs to the company, not a location; only order rules can be copied',
      ruleId: r.id,
    }));
    throw validationError(issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), issues);
  }
  const plan = await planCopies(tx, companyId, selected);
  if (plan.length > MAX_BULK_COPIES) {
    throw new AppError(
      422,
      'too_many_copies',
      `copy_to_all_locations would create ${plan.length} rules, more than ${MAX_BULK_COPIES} at once; copy fewer rules per request`,
      { limit: MAX_BULK_COPIES, wouldCreate: plan.length },
    );
  }
  await assertCopiesCanWait(tx, companyId, plan, requested);
  const created: Rule[] = [];
  for (const { rule, locationId, originId } of plan) {
    // null: a concurrent identical request made this copy first (unique family/location index).
    const inserted = await rules.insertRule(tx, companyId, { ...shapeOf(rule), locationId }, originId);
    if (inserted) created.push(inserted);
  }
  return { affected: created.length, rules: created };
}

interface PlannedCopy {
  rule: Rule;
  locationId: string;
  originId: string;
}

async function planCopies(tx: PoolClient, companyId: string, selected: Rule[]): Promise<PlannedCopy[]> {
  const locationIds = await listAllLocationIds(tx, companyId);
  const { originOf, occupied } = await copyFootprint(
    tx,
    companyId,
    selected.map((r) => r.id),
  );
  const plan: PlannedCopy[] = [];
  for (const rule of selected) {
    const originId = originOf.get(rule.id)!;
    const taken = occupied.get(originId) ?? new Set<string>();
    occupied.set(originId, taken);
    for (const locationId of locationIds) {
      if (taken.has(locationId)) continue;
      taken.add(locationId); // two members of one family in the set still make one copy per location
      plan.push({ rule, locationId, originId });
    }
  }
  return plan;
}

/** A `workingHoursOnly` copy onto a location that never opens refuses the whole request (SPEC 5). */
async function assertCopiesCanWait(
  tx: PoolClient,
  companyId: string,
  plan: PlannedCopy[],
  requested: string[],
) {
  const locations = new Map<string, Location>();
  for (const { rule, locationId } of plan) {
    if (!rule.workingHoursOnly) continue;
    if (!locations.has(locationId))
      locations.set(locationId, (await findLocation(tx, companyId, locationId))!);
    assertCanWaitForOpening(locations.get(locationId)!, ['ruleIds', requested.indexOf(rule.id)], {
      ruleId: rule.id,
    });
  }
}
