/** One company set up through the API as a shop would: location, status, client, template, rules. */
import { createCompany } from '../../src/db/repositories/companies-repository';
import type { BenchStack } from './stack';

export interface BenchShop {
  companyId: string;
  locationId: string;
  call(method: string, url: string, body?: unknown): Promise<any>;
  /** Creates an order numbered `number` (the message body carries it back). */
  newOrder(number: string, dueDate?: string): Promise<{ id: string }>;
}

export interface ShopOptions {
  workingHours?: Record<string, { from: string; to: string }[]>;
  /** The rules to create, in the API's own shape (location and template are filled in). */
  rules: Record<string, unknown>[];
}

/** The order number a message body was rendered for (templates here are `Order {{order.number}} …`). */
export const orderNumberIn = (body: string) => /Order (\S+)/.exec(body)?.[1] ?? body;

export async function setUpShop(stack: BenchStack, options: ShopOptions): Promise<BenchShop> {
  const { company, apiKey } = await createCompany(stack.db, `Bench Repairs ${Date.now()}`);
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${stack.api.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const location = await call('POST', '/v1/locations', {
    name: 'Bench',
    timezone: 'UTC',
    workingHours: options.workingHours ?? {},
  });
  const status = await call('POST', '/v1/statuses', { entity: 'order', name: 'Received' });
  const client = await call('POST', '/v1/clients', {
    name: 'Ann',
    phone: '+14155552671',
    consent: { sms: true },
  });
  const template = await call('POST', '/v1/templates', {
    name: 'Bench',
    body: 'Order {{order.number}} news',
  });
  for (const rule of options.rules) {
    await call('POST', '/v1/notification-rules', {
      entity: 'order',
      locationId: location.id,
      channel: 'sms',
      templateId: template.id,
      ...rule,
    });
  }
  return {
    companyId: company.id,
    locationId: location.id,
    call,
    newOrder: (number, dueDate) =>
      call('POST', '/v1/orders', {
        clientId: client.id,
        locationId: location.id,
        statusId: status.id,
        number,
        ...(dueDate ? { dueDate } : {}),
      }),
  };
}

export const ORDER_CREATED_RULE = { kind: 'notification', trigger: { type: 'order.created' } };
