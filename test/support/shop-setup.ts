import { weekdayHours } from './api-harness';
import { ok, type TenantHttp } from './tenant-http';

export interface LocationOptions {
  timezone?: string;
  workingHours?: object;
}

/** A location in Kyiv, open on weekdays, unless told otherwise. */
export function createLocation(http: TenantHttp, name: string, options: LocationOptions = {}) {
  return ok(
    http.post('/v1/locations', {
      name,
      timezone: options.timezone ?? 'Europe/Kyiv',
      address: '1 Main Street',
      phone: '+380441234567',
      workingHours: options.workingHours ?? weekdayHours,
    }),
  );
}

/** The order statuses the scenarios move orders through. */
export async function createOrderStatuses(http: TenantHttp) {
  return {
    received: await ok(http.post('/v1/statuses', { entity: 'order', name: 'Received' })),
    ready: await ok(http.post('/v1/statuses', { entity: 'order', name: 'Ready for pickup' })),
    closed: await ok(http.post('/v1/statuses', { entity: 'order', name: 'Closed', final: true })),
  };
}

/** Olena, who consents to every channel. */
export function createConsentingClient(http: TenantHttp) {
  return ok(
    http.post('/v1/clients', {
      name: 'Olena',
      phone: '+380501234567',
      email: 'olena@example.com',
      consent: { sms: true, whatsapp: true, viber: true, email: true },
    }),
  );
}

/** Requests on the shop's orders; a new one is for its client, at its location, in its first status. */
export function orderRequests(
  http: TenantHttp,
  defaults: { clientId: string; locationId: string; statusId: string },
) {
  return {
    createOrder: (
      body: {
        number?: string;
        dueDate?: string | null;
        statusId?: string;
        locationId?: string;
        clientId?: string;
      } = {},
    ) => ok(http.post('/v1/orders', { ...defaults, ...body })),
    patchOrder: (id: string, body: { statusId?: string; dueDate?: string | null }) =>
      ok(http.patch(`/v1/orders/${id}`, body)),
    /** GET /v1/orders/{id}: the order with `pending`, what its workflow still intends to send. */
    getOrder: (id: string) => ok(http.get(`/v1/orders/${id}`)),
  };
}
