import client from 'prom-client';

/** One registry per process; the API serves it at /metrics. */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

export const httpRequestDuration = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const eventsRelayed = new client.Counter({
  name: 'entity_events_relayed_total',
  help: 'Order/lead events delivered to their workflows',
  registers: [registry],
});

export const eventRelayFailures = new client.Counter({
  name: 'entity_event_relay_failures_total',
  help: 'Attempts to deliver an event to Temporal that failed (retried later, or parked)',
  registers: [registry],
});

export const messagesSent = new client.Counter({
  name: 'messages_sent_total',
  help: 'Messages handed to a provider, by channel and provider',
  labelNames: ['channel', 'provider'] as const,
  registers: [registry],
});

export const eventsParked = new client.Counter({
  name: 'entity_events_parked_total',
  help: 'Events the relay parked after their last attempt (an operator retries them)',
  registers: [registry],
});

export const relayParkedEvents = new client.Gauge({
  name: 'entity_event_relay_parked',
  help: 'Events waiting for an operator: parked ones and the later events of their entities',
  registers: [registry],
});

export const relayPendingEvents = new client.Gauge({
  name: 'entity_event_relay_pending',
  help: 'Events waiting to be delivered to their workflows (retries included)',
  registers: [registry],
});

export const relayOldestPendingSeconds = new client.Gauge({
  name: 'entity_event_relay_oldest_pending_seconds',
  help: 'Age of the oldest event waiting to be delivered',
  registers: [registry],
});
