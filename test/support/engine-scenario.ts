import request from 'supertest';
import { createCompany } from '../../src/db/repositories/companies-repository';
import type { Template } from '../../src/db/repositories/templates-repository';
import type { Channel, Duration, Rule, TriggerType, WorkingHours } from '../../src/domain/types';
import { weekdayHours } from './api-harness';
import { eventually, type E2EStack } from './e2e-stack';

export interface FeedEntry {
  id: string;
  at: string;
  type: string;
  ruleId: string | null;
  channel: Channel | null;
  scheduledFor: string | null;
  reason: string | null;
  deliveryId: string | null;
  to: string | null;
  [key: string]: unknown;
}

export interface OutboxMessage {
  id: string;
  channel: Channel;
  to: string;
  subject: string | null;
  body: string;
  orderId: string | null;
  leadId: string | null;
  ruleId: string | null;
}

export interface RuleSpec {
  entity?: 'order' | 'lead';
  locationId?: string | null;
  trigger: { type: TriggerType; statusId?: string | null };
  channel?: Channel;
  templateId?: string;
  delay?: Duration | null;
  workingHoursOnly?: boolean;
}

/**
 * A tenant for engine tests, set up through the HTTP API: a location, order and lead statuses, a
 * consenting client and a template, plus helpers to read an order's or lead's feed, outbox and pending
 * sends.
 */
export async function engineShop(
  stack: E2EStack,
  options: { timezone?: string; workingHours?: WorkingHours; templateBody?: string } = {},
) {
  const { db, app } = stack;
  const { company, apiKey } = await createCompany(db, 'Fixit Repairs');
  const auth = { Authorization: `Bearer ${apiKey}` };
  const http = {
    get: (url: string) => request(app).get(url).set(auth),
    post: (url: string, body?: object) => request(app).post(url).set(auth).send(body),
    patch: (url: string, body?: object) => request(app).patch(url).set(auth).send(body),
    delete: (url: string) => request(app).delete(url).set(auth),
  };
  const ok = async (res: request.Response | Promise<request.Response>) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  const newLocation = (name: string) =>
    ok(
      http.post('/v1/locations', {
        name,
        timezone: options.timezone ?? 'Europe/Kyiv',
        address: '1 Main Street',
        phone: '+380441234567',
        workingHours: options.workingHours ?? weekdayHours,
      }),
    );
  const location = await newLocation('Main Street');
  const status = (entity: 'order' | 'lead', name: string, final = false) =>
    ok(http.post('/v1/statuses', { entity, name, final }));
  const statuses = {
    received: await status('order', 'Received'),
    ready: await status('order', 'Ready for pickup'),
    inRepair: await status('order', 'In repair'),
    closed: await status('order', 'Closed', true),
  };
  const leadStatuses = { new: await status('lead', 'New'), qualified: await status('lead', 'Qualified') };
  const client = await ok(
    http.post('/v1/clients', {
      name: 'Olena',
      phone: '+380501234567',
      email: 'olena@example.com',
      consent: { sms: true, whatsapp: true, viber: true, email: true },
    }),
  );

  async function template(body: string, subject: string | null = null): Promise<Template> {
    return ok(
      http.post('/v1/templates', {
        name: `Template ${Math.random().toString(36).slice(2, 8)}`,
        subject,
        body,
      }),
    );
  }
  const defaultTemplate = await template(
    options.templateBody ??
      'Hi {{client.name}}, order {{order.number}} is {{order.status}} at {{location.name}}.',
  );

  async function rule(spec: RuleSpec): Promise<Rule> {
    const entity = spec.entity ?? 'order';
    const input = {
      entity,
      kind: 'notification' as const,
      locationId: entity === 'order' ? (spec.locationId ?? location.id) : null,
      trigger: { type: spec.trigger.type, statusId: spec.trigger.statusId ?? null },
      channel: spec.channel ?? 'sms',
      templateId: spec.templateId ?? defaultTemplate.id,
      delay: spec.delay ?? null,
      workingHoursOnly: spec.workingHoursOnly ?? false,
      remindBefore: null,
      enabled: true,
    };
    return ok(http.post('/v1/notification-rules', input));
  }

  async function deleteRule(id: string): Promise<void> {
    await ok(http.delete(`/v1/notification-rules/${id}`));
  }

  async function disableRule(id: string): Promise<void> {
    await ok(http.patch(`/v1/notification-rules/${id}`, { enabled: false }));
  }

  const feed = async (entity: 'orders' | 'leads', id: string): Promise<FeedEntry[]> =>
    (await ok(http.get(`/v1/${entity}/${id}/feed`))).entries;
  const outbox = async (filter: string): Promise<OutboxMessage[]> =>
    (await ok(http.get(`/v1/outbox?${filter}`))).messages;

  return {
    company,
    http,
    ok,
    location,
    newLocation,
    statuses,
    leadStatuses,
    client,
    template,
    defaultTemplate,
    rule,
    deleteRule,
    disableRule,
    createOrder: (
      body: { number?: string; dueDate?: string | null; statusId?: string; locationId?: string } = {},
    ) =>
      ok(
        http.post('/v1/orders', {
          clientId: client.id,
          locationId: location.id,
          statusId: statuses.received.id,
          ...body,
        }),
      ),
    patchOrder: (id: string, body: { statusId?: string; dueDate?: string | null }) =>
      ok(http.patch(`/v1/orders/${id}`, body)),
    orderFeed: (id: string) => feed('orders', id),
    leadFeed: (id: string) => feed('leads', id),
    orderOutbox: (id: string) => outbox(`orderId=${id}`),
    leadOutbox: (id: string) => outbox(`leadId=${id}`),
    orderDeliveries: async (id: string): Promise<Array<{ id: string; status: string; ruleId: string }>> =>
      (await ok(http.get(`/v1/deliveries?orderId=${id}`))).items,
    /** GET /v1/orders/{id}: the order with `pending`, what its workflow still intends to send. */
    getOrder: (id: string) => ok(http.get(`/v1/orders/${id}`)),
    /** Waits until the order's feed holds entries of every listed type (repeats count). */
    waitForOrderFeed: (id: string, ...types: string[]) => waitForFeed(() => feed('orders', id), types),
    waitForLeadFeed: (id: string, ...types: string[]) => waitForFeed(() => feed('leads', id), types),
  };
}

export type EngineShop = Awaited<ReturnType<typeof engineShop>>;

async function waitForFeed(read: () => Promise<FeedEntry[]>, types: string[]): Promise<FeedEntry[]> {
  return eventually(async () => {
    const entries = await read();
    const remaining = entries.map((e) => e.type);
    for (const type of types) {
      const at = remaining.indexOf(type);
      if (at < 0) return undefined;
      remaining.splice(at, 1);
    }
    return entries;
  });
}

export const types = (entries: FeedEntry[]) => entries.map((e) => e.type);
export const ofType = (entries: FeedEntry[], type: string) => entries.filter((e) => e.type === type);
export const HOUR_MS = 3_600_000;
export const plusMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
