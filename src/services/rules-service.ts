/**
 * Notification rules: the checks that need the database, on top of the pure shape checks.
 *
 * Order of checks: request shape (422) → rule shape (422, every problem at once) → references of this
 * company (404) → what the references imply (422: a status of the other entity, `workingHoursOnly` on a
 * location that never opens).
 *
 * Choices where the spec is silent:
 * * An email rule may use a template without a subject: subjects are optional for templates (SPEC 2.4),
 *   and refusing here would not stop a later PATCH of the template from removing it anyway.
 * * A disabled rule may be changed while its location never opens: the never-open check runs on create,
 *   on copies, and on every change that leaves the rule enabled — so switching a rule off always works.
 */
import type { Pool, PoolClient } from 'pg';
import { ruleShapeIssues, shapeOf, type RuleShape } from '../domain/rule-shape';
import type { Rule } from '../domain/types';
import { hasAnyOpenInterval } from '../domain/working-hours';
import { AppError, invalidField, notFound, validationError } from '../errors/app-error';
import type { RuleCreateInput, RulePatchInput } from '../api/schemas/rules';
import { inTransaction } from '../db/pool';
import { findLocation, type Location } from '../db/repositories/locations-repository';
import * as rules from '../db/repositories/rules-repository';
import { findStatus } from '../db/repositories/statuses-repository';
import { findTemplate } from '../db/repositories/templates-repository';
import { announceRuleChanges } from './rule-change-events';

type Queryable = Pool | PoolClient;

/** Defaults: enabled, no delay, not working-hours-only, no fallback or debounce; a trigger without statusId has none. */
export function ruleFromCreate(input: RuleCreateInput): RuleShape {
  return {
    entity: input.entity,
    kind: input.kind,
    locationId: input.locationId ?? null,
    trigger: input.trigger ? { type: input.trigger.type, statusId: input.trigger.statusId ?? null } : null,
    channel: input.channel,
    templateId: input.templateId,
    delay: input.delay ?? null,
    workingHoursOnly: input.workingHoursOnly ?? false,
    remindBefore: input.remindBefore ?? null,
    enabled: input.enabled ?? true,
    fallback: input.fallback ?? null,
    debounce: input.debounce ?? null,
  };
}

/** A PATCH replaces the fields it names (a trigger as a whole); null clears, absent keeps. */
export function ruleFromPatch(current: Rule, patch: RulePatchInput): RuleShape {
  const keep = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);
  const base = shapeOf(current);
  return {
    entity: keep(patch.entity, base.entity),
    kind: keep(patch.kind, base.kind),
    locationId: keep(patch.locationId, base.locationId),
    trigger:
      patch.trigger === undefined
        ? base.trigger
        : patch.trigger && { type: patch.trigger.type, statusId: patch.trigger.statusId ?? null },
    channel: keep(patch.channel, base.channel),
    templateId: keep(patch.templateId, base.templateId),
    delay: keep(patch.delay, base.delay),
    workingHoursOnly: patch.workingHoursOnly === undefined ? base.workingHoursOnly : !!patch.workingHoursOnly,
    remindBefore: keep(patch.remindBefore, base.remindBefore),
    enabled: keep(patch.enabled, base.enabled),
    fallback: keep(patch.fallback, base.fallback),
    debounce: keep(patch.debounce, base.debounce),
  };
}

/** `workingHoursOnly` sends on a location that never opens would wait forever (SPEC 5). */
export function assertCanWaitForOpening(
  location: Location,
  path: (string | number)[] = ['workingHoursOnly'],
  extra: Record<string, unknown> = {},
) {
  if (!hasAnyOpenInterval(location.workingHours)) {
    const message = `workingHoursOnly: location "${location.name}" has no working hours, so a send would wait forever`;
    throw invalidField(path, message, { locationId: location.id, ...extra });
  }
}

async function validateRule(db: Queryable, companyId: string, rule: RuleShape, checkHours: boolean) {
  const issues = ruleShapeIssues(rule);
  if (issues.length > 0) {
    throw validationError(issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), issues);
  }
  const location = rule.locationId ? await findLocation(db, companyId, rule.locationId) : null;
  if (rule.locationId && !location) throw notFound('location');
  if (!(await findTemplate(db, companyId, rule.templateId))) throw notFound('template');
  const statusId = rule.trigger?.statusId;
  if (statusId) {
    const status = await findStatus(db, companyId, statusId);
    if (!status) throw notFound('status');
    if (status.entity !== rule.entity) {
      throw invalidField(
        ['trigger', 'statusId'],
        `a ${status.entity} status cannot trigger a ${rule.entity} rule`,
      );
    }
  }
  if (checkHours && rule.workingHoursOnly && location) assertCanWaitForOpening(location);
}

/** A referenced row vanished between our check and the write (PostgreSQL foreign_key_violation). */
export function referenceGone(err: unknown): AppError | null {
  const e = err as { code?: string; constraint?: string };
  if (e?.code !== '23503') return null;
  if (e.constraint?.includes('template')) return notFound('template');
  if (e.constraint?.includes('status')) return notFound('status');
  return notFound('location');
}

async function write<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw referenceGone(err) ?? err;
  }
}

export async function createRule(db: Pool, companyId: string, input: RuleCreateInput): Promise<Rule> {
  const rule = ruleFromCreate(input);
  await validateRule(db, companyId, rule, true);
  return inTransaction(db, async (tx) => {
    const created = await write(async () => (await rules.insertRule(tx, companyId, rule))!);
    await announceRuleChanges(tx, companyId, [{ before: null, after: created }]);
    return created;
  });
}

/** Merge, re-validate the whole rule, store; the row is locked so concurrent PATCHes do not interleave. */
export async function patchRule(
  db: Pool,
  companyId: string,
  id: string,
  patch: RulePatchInput,
): Promise<Rule> {
  return inTransaction(db, async (tx) => {
    const [current] = await rules.findRulesByIds(tx, companyId, [id]);
    if (!current) throw notFound('rule');
    const next = ruleFromPatch(current, patch);
    await validateRule(tx, companyId, next, next.enabled);
    const updated = await write(() => rules.updateRule(tx, companyId, id, next));
    await announceRuleChanges(tx, companyId, [{ before: current, after: updated }]);
    return updated;
  });
}

export async function deleteRule(db: Pool, companyId: string, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [current] = await rules.findRulesByIds(tx, companyId, [id]);
    if (!current) throw notFound('rule');
    await rules.deleteRules(tx, companyId, [id]);
    await announceRuleChanges(tx, companyId, [{ before: current, after: null }]);
  });
}
