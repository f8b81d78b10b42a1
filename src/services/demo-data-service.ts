import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import type { Pool } from 'pg';
import { insertLocation } from '../db/repositories/locations-repository';
import { insertStatus } from '../db/repositories/statuses-repository';
import { insertTemplate, type Template } from '../db/repositories/templates-repository';
import { createClient } from './clients-service';
import { createOrder } from './entity-changes-service';
import { createRule } from './rules-service';
import { assertValidTemplate } from './template-validation';

const weekday = [
  { from: '09:00', to: '13:00' },
  { from: '14:00', to: '18:00' },
];
const HOURS = {
  mon: weekday,
  tue: weekday,
  wed: weekday,
  thu: weekday,
  fri: weekday,
  sat: [{ from: '10:00', to: '14:00' }],
  sun: [],
};

const TEMPLATES: Record<'received' | 'ready' | 'reminder' | 'lead', Omit<Template, 'id' | 'translations'>> = {
  received: {
    name: 'Order received',
    subject: 'Order {{ order.number }} received',
    body: 'Hi {{ client.name }}, we have your order {{ order.number }} at {{ location.name }}. Status: {{ order.status }}.',
  },
  ready: {
    name: 'Ready for pickup',
    subject: 'Order {{ order.number }} is ready',
    body: 'Good news, {{ client.name }}: order {{ order.number }} is ready for pickup at {{ location.address }}.',
  },
  reminder: {
    name: 'Appointment reminder',
    subject: 'See you soon',
    body: 'Reminder: your appointment for order {{ order.number }} is on {{ order.dueDate }} at {{ location.name }}.',
  },
  lead: {
    name: 'Thanks for your enquiry',
    subject: null,
    body: 'Hi {{ client.name }}, thanks for contacting {{ company.name }}. We will call you back shortly.',
  },
};

/**
 * Everything a newcomer needs to see the product work, made through the same services as the API: a
 * location with working hours, order and lead statuses, templates, rules (an immediate "order received"
 * SMS, a "ready for pickup" SMS in working hours, an email reminder a day before), a consenting client
 * and an order, whose "order received" SMS reaches the outbox as soon as its workflow runs.
 */
export async function createDemoData(db: Pool, companyId: string) {
  const location = await insertLocation(db, companyId, {
    name: 'Demo workshop',
    timezone: 'Europe/Kyiv',
    address: '1 Khreshchatyk St, Kyiv',
    phone: '+380441234567',
    workingHours: HOURS,
  });
  const received = await insertStatus(db, companyId, { entity: 'order', name: 'Received', final: false });
  const ready = await insertStatus(db, companyId, {
    entity: 'order',
    name: 'Ready for pickup',
    final: false,
  });
  const closed = await insertStatus(db, companyId, { entity: 'order', name: 'Closed', final: true });
  const newLead = await insertStatus(db, companyId, { entity: 'lead', name: 'New enquiry', final: false });
  const templates = {} as Record<keyof typeof TEMPLATES, Template>;
  for (const key of Object.keys(TEMPLATES) as (keyof typeof TEMPLATES)[]) {
    assertValidTemplate(TEMPLATES[key]);
    templates[key] = await insertTemplate(db, companyId, { ...TEMPLATES[key], translations: {} });
  }
  const orderRule = { entity: 'order' as const, locationId: location.id };
  const rules = [
    await createRule(db, companyId, {
      ...orderRule,
      kind: 'notification',
      trigger: { type: 'order.created' },
      channel: 'sms',
      templateId: templates.received.id,
    }),
    await createRule(db, companyId, {
      ...orderRule,
      kind: 'notification',
      trigger: { type: 'order.status_changed_to', statusId: ready.id },
      channel: 'sms',
      templateId: templates.ready.id,
      workingHoursOnly: true,
    }),
    await createRule(db, companyId, {
      ...orderRule,
      kind: 'reminder',
      channel: 'email',
      templateId: templates.reminder.id,
      remindBefore: { value: 1, unit: 'days' },
    }),
    await createRule(db, companyId, {
      entity: 'lead',
      kind: 'notification',
      trigger: { type: 'lead.created' },
      channel: 'sms',
      templateId: templates.lead.id,
    }),
  ];
  // A fresh number and address each time, so a second demo is not refused as a duplicate client.
  const suffix = crypto.randomInt(1_000_000, 9_999_999);
  const client = await createClient(db, companyId, {
    name: 'Olena Demo',
    phone: `+38050${suffix}`,
    email: `olena.${suffix}@example.com`,
    consent: { sms: true, whatsapp: true, viber: true, email: true },
  });
  // An appointment in three days at 10:00 at the workshop: its reminder is planned for 10:00 the day before.
  const dueDate = DateTime.now()
    .setZone(location.timezone)
    .plus({ days: 3 })
    .set({ hour: 10, minute: 0, second: 0, millisecond: 0 })
    .toUTC()
    .toISO()!;
  const order = await createOrder(db, companyId, {
    clientId: client.id,
    locationId: location.id,
    statusId: received.id,
    dueDate,
  });
  return {
    location,
    statuses: [received, ready, closed, newLead],
    templates: Object.values(templates),
    rules,
    client,
    order,
  };
}
