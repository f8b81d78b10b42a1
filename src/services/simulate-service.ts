/**
 * "What would happen if" (SPEC 9): a change of an order or lead run through the engine's own planner
 * (planEntityEvent + applyEvent, on the workflow's real pending state), consent check and renderer, with
 * nothing stored, sent or signalled.
 */
import { DateTime } from 'luxon';
import type { Pool } from 'pg';
import type { EntityWorkflowState, PendingSend, SendKind } from '../domain/engine-state';
import {
  leadChangeEvents,
  orderChangeEvents,
  orderCreatedEvent,
  type ChangeEvent,
} from '../domain/entity-changes';
import { fallbackFor } from '../domain/fallback';
import { applyEvent, initialState } from '../domain/pending-sends';
import type { Channel, EntityEvent, EntityKind, Reason } from '../domain/types';
import { loadMessageContext, type EntityContext } from '../activities/entity-context';
import { emailSubject, recipientDecision, renderMessage } from '../activities/message-rendering';
import { planEntityEvent } from '../activities/planning-activities';
import * as entities from '../db/repositories/entities-repository';
import { findLocation } from '../db/repositories/locations-repository';
import { findRule } from '../db/repositories/rules-repository';
import { findTemplate } from '../db/repositories/templates-repository';
import type { EngineStateAnswer } from '../api/deps';
import { AppError, notFound } from '../errors/app-error';
import { RenderPoolBusyError } from '../templates/render-pool';
import { workflowIdFor } from '../workflows/definitions';
import { requireClient, requireStatus } from './entity-changes-service';
import { renderersBusy } from './template-validation';

export interface SimulatedSend {
  kind: SendKind;
  ruleId: string;
  channel: Channel;
  to: string;
  scheduledFor: string;
  /** `scheduledFor` in the location's zone (UTC for leads), ISO-8601 with its offset. */
  localTime: string;
  /** Working hours moved it. */
  deferred: boolean;
  subject: string | null;
  body: string;
  /** On a fallback (SPEC 9): the primary's delivery id, null when the primary never had one. */
  fallbackOf?: string | null;
}

export interface SimulateAnswer {
  sends: SimulatedSend[];
  skipped: { ruleId: string; channel: Channel; reason: Reason }[];
  cancelled: { ruleId: string; kind: SendKind; scheduledFor: string; reason: Reason }[];
}

export type EngineStateReader = (workflowId: string) => Promise<EngineStateAnswer>;

const engineUnavailable = () =>
  new AppError(
    503,
    'engine_unavailable',
    "The order's workflow cannot be asked what it has pending; try again",
  );

/** The behaviour of a workflow started now: every patch on. */
const CURRENT_ENGINE = {
  reminderPlanningV2: true,
  rulesChangedEvents: true,
  alreadySentSkips: true,
  locationChangedEvents: true,
  debounce: true,
};

export async function simulateOrderChange(
  db: Pool,
  readState: EngineStateReader | undefined,
  companyId: string,
  orderId: string,
  patch: { statusId?: string; dueDate?: string | null },
): Promise<SimulateAnswer> {
  const order = await entities.findOrder(db, companyId, orderId);
  if (!order) throw notFound('order');
  if (patch.statusId) await requireStatus(db, companyId, patch.statusId, 'order');
  const events = orderChangeEvents(order, patch);
  const state = await engineState(readState, companyId, 'order', order.id, order);
  const after = {
    ...order,
    statusId: patch.statusId ?? order.statusId,
    dueDate: patch.dueDate === undefined ? order.dueDate : patch.dueDate,
  };
  const location = await findLocation(db, companyId, order.locationId);
  const ctx: EntityContext = {
    entity: 'order',
    order: after,
    lead: null,
    statusId: after.statusId,
    clientId: after.clientId,
    location,
  };
  return simulate(db, companyId, ctx, order.id, state, events);
}

export async function simulateNewOrder(
  db: Pool,
  companyId: string,
  input: { clientId: string; locationId: string; statusId: string; number?: string; dueDate?: string | null },
): Promise<SimulateAnswer> {
  await requireClient(db, companyId, input.clientId);
  const location = await findLocation(db, companyId, input.locationId);
  if (!location) throw notFound('location');
  await requireStatus(db, companyId, input.statusId, 'order');
  const order = {
    id: 'simulated',
    number: input.number ?? (await numberItWouldGet(db, companyId)),
    clientId: input.clientId,
    locationId: input.locationId,
    statusId: input.statusId,
    dueDate: input.dueDate ?? null,
    createdAt: new Date().toISOString(),
  };
  const ctx: EntityContext = {
    entity: 'order',
    order,
    lead: null,
    statusId: order.statusId,
    clientId: order.clientId,
    location,
  };
  return simulate(db, companyId, ctx, order.id, initialState(), [orderCreatedEvent(order)]);
}

export async function simulateLeadChange(
  db: Pool,
  readState: EngineStateReader | undefined,
  companyId: string,
  leadId: string,
  patch: { statusId: string },
): Promise<SimulateAnswer> {
  const lead = await entities.findLead(db, companyId, leadId);
  if (!lead) throw notFound('lead');
  await requireStatus(db, companyId, patch.statusId, 'lead');
  const events = leadChangeEvents(lead, patch);
  const state = await engineState(readState, companyId, 'lead', lead.id, { ...lead, dueDate: null });
  const after = { ...lead, statusId: patch.statusId };
  const ctx: EntityContext = {
    entity: 'lead',
    order: null,
    lead: after,
    statusId: after.statusId,
    clientId: after.clientId,
    location: null,
  };
  return simulate(db, companyId, ctx, lead.id, state, events);
}

/** What the workflow holds now; a workflow not started yet holds nothing but the entity's current fields. */
async function engineState(
  readState: EngineStateReader | undefined,
  companyId: string,
  entity: EntityKind,
  entityId: string,
  current: { statusId: string; dueDate: string | null },
): Promise<EntityWorkflowState> {
  if (!readState) throw engineUnavailable();
  const answer = await readState(workflowIdFor(companyId, entity, entityId));
  if (answer === null) throw engineUnavailable();
  if (answer === 'absent') return { ...initialState(), statusId: current.statusId, dueDate: current.dueDate };
  return answer;
}

/** The number a new order would get, read in a transaction that is rolled back (the counter stays). */
async function numberItWouldGet(db: Pool, companyId: string): Promise<string> {
  const tx = await db.connect();
  try {
    await tx.query('BEGIN');
    return await entities.nextNumber(tx, companyId, 'order');
  } finally {
    await tx.query('ROLLBACK');
    tx.release();
  }
}

async function simulate(
  db: Pool,
  companyId: string,
  ctx: EntityContext,
  entityId: string,
  before: EntityWorkflowState,
  changes: ChangeEvent[],
): Promise<SimulateAnswer> {
  const now = new Date().toISOString();
  let state = before;
  const feed = [];
  for (const [i, change] of changes.entries()) {
    const event: EntityEvent = {
      id: `simulated-${i}`,
      entity: ctx.entity,
      entityId,
      companyId,
      at: now,
      ...change,
    };
    const plan = await planEntityEvent(db, companyId, ctx.entity, ctx.location, event);
    const outcome = applyEvent(state, event, plan, now, {
      ...CURRENT_ENGINE,
      reminderPlanningV2: ctx.entity === 'order',
    });
    state = outcome.state;
    feed.push(...outcome.feed);
  }

  const was = new Map(before.pending.map((p) => [p.key, p]));
  const fired = state.pending.filter((p) => was.get(p.key)?.sendAt !== p.sendAt);
  const answer: SimulateAnswer = { sends: [], skipped: [], cancelled: [] };
  for (const entry of feed) {
    if (entry.type === 'reminder.skipped' && entry.ruleId && entry.channel && entry.reason)
      answer.skipped.push({ ruleId: entry.ruleId, channel: entry.channel, reason: entry.reason });
  }
  for (const p of before.pending) {
    const entry = feed.find(
      (f) => f.type === `${p.kind}.cancelled` && f.ruleId === p.ruleId && f.scheduledFor === p.sendAt,
    );
    if (entry?.reason)
      answer.cancelled.push({ ruleId: p.ruleId, kind: p.kind, scheduledFor: p.sendAt, reason: entry.reason });
  }
  if (fired.length === 0) return answer;

  const message = await loadMessageContext(db, companyId, ctx);
  for (const send of fired.sort((a, b) => a.sendAt.localeCompare(b.sendAt))) {
    const outcome = await simulatedSend(db, companyId, ctx, message, send);
    if (!('reason' in outcome)) {
      answer.sends.push(outcome);
      continue;
    }
    answer.skipped.push(outcome);
    // A skipped primary's fallback goes at once, as the workflow decides it (fallbackFor).
    const rule = await findRule(db, companyId, send.ruleId);
    const fallback = fallbackFor(
      send,
      { outcome: 'skipped', reason: outcome.reason, fallback: rule?.fallback },
      send.sendAt,
    );
    if (!fallback) continue;
    const standIn = await simulatedSend(db, companyId, ctx, message, fallback);
    if ('reason' in standIn) answer.skipped.push(standIn);
    else answer.sends.push({ ...standIn, fallbackOf: null });
  }
  return answer;
}

/** One send as the send activity would make it: the rule's channel, consent and contact, the rendered text. */
async function simulatedSend(
  db: Pool,
  companyId: string,
  ctx: EntityContext,
  message: Awaited<ReturnType<typeof loadMessageContext>>,
  send: PendingSend,
): Promise<SimulatedSend | { ruleId: string; channel: Channel; reason: Reason }> {
  const rule = (await findRule(db, companyId, send.ruleId))!;
  // A fallback goes on the rule's fallback channel, which its pending send carries.
  const channel = send.fallback ? send.channel : rule.channel;
  const decision = await recipientDecision(db, companyId, channel, message);
  if (!decision.ok) return { ruleId: send.ruleId, channel, reason: decision.reason };
  const template = (await findTemplate(db, companyId, rule.templateId))!;
  const render = await renderMessage(template, ctx, message, channel).catch((err: unknown) => {
    throw err instanceof RenderPoolBusyError ? renderersBusy() : err;
  });
  if (!render.ok) return { ruleId: send.ruleId, channel, reason: 'template_error' };
  const timezone = ctx.location?.timezone ?? 'UTC';
  return {
    kind: send.kind,
    ruleId: send.ruleId,
    channel,
    to: decision.to,
    scheduledFor: send.sendAt,
    localTime: DateTime.fromISO(send.sendAt, { zone: timezone }).toISO()!,
    deferred: send.deferred,
    subject: emailSubject(channel, render.rendered.subject, template.name),
    body: render.rendered.body,
  };
}
