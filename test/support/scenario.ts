import request from 'supertest';
import type { Pool } from 'pg';
import { createCompany } from '../../src/db/repositories/companies-repository';
import type { createApp } from '../../src/api/app';
import { weekdayHours } from './api-harness';

type App = ReturnType<typeof createApp>;

/** A tenant with a location, order statuses and a consenting client, set up through the HTTP API. */
export async function shopScenario(
  app: App,
  db: Pool,
  options: { timezone?: string; workingHours?: object } = {},
) {
  const { apiKey } = await createCompany(db, 'Fixit Repairs');
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
  const location = await ok(
    http.post('/v1/locations', {
      name: 'Main Street',
      timezone: options.timezone ?? 'Europe/Kyiv',
      address: '1 Main Street',
      phone: '+380441234567',
      workingHours: options.workingHours ?? weekdayHours,
    }),
  );
  const received = await ok(http.post('/v1/statuses', { entity: 'order', name: 'Received' }));
  const ready = await ok(http.post('/v1/statuses', { entity: 'order', name: 'Ready for pickup' }));
  const closed = await ok(http.post('/v1/statuses', { entity: 'order', name: 'Closed', final: true }));
  const client = await ok(
    http.post('/v1/clients', {
      name: 'Olena',
      phone: '+380501234567',
      email: 'olena@example.com',
      consent: { sms: true, whatsapp: true, viber: true, email: true },
    }),
  );
  const template = await ok(
    http.post('/v1/templates', {
      name: 'Status',
      subject: 'Order {{order.number}}',
      body: 'Hi {{client.name}}, order {{order.number}} is {{order.status}} at {{location.name}}.',
    }),
  );
  return { http, ok, location, statuses: { received, ready, closed }, client, template };
}
