import type { OutboxMessage } from '../../src/db/repositories/outbox-repository';
import type { Template } from '../../src/db/repositories/templates-repository';
import type {
  Channel,
  Duration,
  Rule,
  RuleFallback,
  TriggerType,
  WorkingHours,
} from '../../src/domain/types';
import type { E2EStack } from './e2e-stack';
import { readWholeFeed, waitForFeed, type FeedEntry } from './feed';
import { createConsentingClient, createLocation, orderRequests } from './shop-setup';
import { newTenantClient, ok } from './tenant-http';

export interface RuleSpec {
  entity?: 'order' | 'lead';
  locationId?: string | null;
  trigger: { type: TriggerType; statusId?: string | null };
  channel?: Channel;
  templateId?: string;
  delay?: Duration | null;
  workingHoursOnly?: boolean;
  fallback?: RuleFallback | null;
  debounce?: Duration | null;
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
  const { company, http } = await newTenantClient(stack.db, stack.app);

  const newLocation = (name: string) => createLocation(http, name, options);
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
  const client = await createConsentingClient(http);

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
      fallback: spec.fallback ?? null,
      debounce: spec.debounce ?? null,
    };
    return ok(http.post('/v1/notification-rules', input));
  }

  async function deleteRule(id: string): Promise<void> {
    await ok(http.delete(`/v1/notification-rules/${id}`));
  }

  async function disableRule(id: string): Promise<void> {
    await ok(http.patch(`/v1/notification-rules/${id}`, { enabled: false }));
  }

  const feed = (entity: 'orders' | 'leads', id: string): Promise<FeedEntry[]> =>
    readWholeFeed(http.get, `/v1/${entity}/${id}/feed`);
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
    ...orderRequests(http, { clientId: client.id, locationId: location.id, statusId: statuses.received.id }),
    orderFeed: (id: string) => feed('orders', id),
    leadFeed: (id: string) => feed('leads', id),
    orderOutbox: (id: string) => outbox(`orderId=${id}`),
    leadOutbox: (id: string) => outbox(`leadId=${id}`),
    orderDeliveries: async (id: string): Promise<Array<{ id: string; status: string; ruleId: string }>> =>
      (await ok(http.get(`/v1/deliveries?orderId=${id}`))).items,
    /** Waits until the order's feed holds entries of every listed type (repeats count). */
    waitForOrderFeed: (id: string, ...types: string[]) => waitForFeed(() => feed('orders', id), types),
    waitForLeadFeed: (id: string, ...types: string[]) => waitForFeed(() => feed('leads', id), types),
  };
}

export type EngineShop = Awaited<ReturnType<typeof engineShop>>;
