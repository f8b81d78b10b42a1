import type { Pool } from 'pg';
import type { createApp } from '../../src/api/app';
import type { Channel } from '../../src/domain/types';
import { createConsentingClient, createLocation, createOrderStatuses, orderRequests } from './shop-setup';
import { newTenantClient, ok } from './tenant-http';

type App = ReturnType<typeof createApp>;

/** A tenant with a location, order statuses and a consenting client, set up through the HTTP API. */
export async function shopScenario(
  app: App,
  db: Pool,
  options: { timezone?: string; workingHours?: object } = {},
) {
  const { http, company } = await newTenantClient(db, app);
  const location = await createLocation(http, 'Main Street', options);
  const statuses = await createOrderStatuses(http);
  const client = await createConsentingClient(http);
  const template = await ok(
    http.post('/v1/templates', {
      name: 'Status',
      subject: 'Order {{order.number}}',
      body: 'Hi {{client.name}}, order {{order.number}} is {{order.status}} at {{location.name}}.',
    }),
  );
  return {
    http,
    ok,
    company,
    location,
    statuses,
    client,
    template,
    /** An order.created notification rule at the location, sending the template on `channel`. */
    orderCreatedRule: (channel: Channel) =>
      ok(
        http.post('/v1/notification-rules', {
          entity: 'order',
          kind: 'notification',
          locationId: location.id,
          trigger: { type: 'order.created' },
          channel,
          templateId: template.id,
        }),
      ),
    ...orderRequests(http, { clientId: client.id, locationId: location.id, statusId: statuses.received.id }),
  };
}
