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
  help: 'Attempts to deliver an event to Temporal that failed (retried later)',
  registers: [registry],
});

export const messagesSent = new client.Counter({
  name: 'messages_sent_total',
  help: 'Messages handed to a provider, by channel and provider',
  labelNames: ['channel', 'provider'] as const,
  registers: [registry],
});
