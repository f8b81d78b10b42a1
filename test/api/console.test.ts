import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import type { z } from 'zod';
import { consoleRouter } from '../../src/api/console-router';
import { responseSchemas } from '../../src/api/openapi/response-schemas';
import { createApiHarness, newTenant, type ApiHarness } from '../support/api-harness';

let harness: ApiHarness;
beforeAll(() => {
  harness = createApiHarness({
    console: { temporalUiUrl: 'http://127.0.0.1:8233', temporalNamespace: 'default' },
  });
});
afterAll(() => harness.close());

describe('POST /v1/demo', () => {
  it('when a manager asks for demo data, then a location with hours, statuses, templates, rules, a consenting client and an order exist', async () => {
    // Arrange
    const { http } = await newTenant(harness);

    // Act
    const res = await http.post('/v1/demo');

    // Assert
    expect(res.status).toBe(201);
    const { location, rules, client, order } = res.body;
    expect(location.workingHours.mon).toEqual([
      { from: '09:00', to: '13:00' },
      { from: '14:00', to: '18:00' },
    ]);
    expect(rules.map((r: { trigger: { type: string } | null }) => r.trigger?.type ?? 'reminder')).toEqual([
      'order.created',
      'order.status_changed_to',
      'reminder',
      'lead.created',
    ]);
    expect(client.consent).toEqual({ sms: true, whatsapp: true, viber: true, email: true });
    expect(order).toMatchObject({ clientId: client.id, locationId: location.id });
    const feed = await http.get(`/v1/orders/${order.id}/feed`);
    expect(feed.status).toBe(200);
  });

  it('when demo data is asked for twice with duplicate prevention on, then the second is not refused', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    await http.patch('/v1/settings', { preventDuplicateClients: true });
    await http.post('/v1/demo');

    // Act
    const res = await http.post('/v1/demo');

    // Assert
    expect(res.status).toBe(201);
  });

  it('when no API key is sent, then it is 401', async () => {
    expect((await request(harness.app).post('/v1/demo')).status).toBe(401);
  });
});

describe('GET /v1/console-config', () => {
  it('when the console asks, then it learns its company and where the Temporal Web UI is', async () => {
    // Arrange
    const { http, company } = await newTenant(harness);

    // Act
    const res = await http.get('/v1/console-config');

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      companyId: company.id,
      temporalUiUrl: 'http://127.0.0.1:8233',
      temporalNamespace: 'default',
    });
  });
});

describe('the documented response shapes', () => {
  it('when resources are read, then each answer has every field its OpenAPI schema names', async () => {
    // Arrange
    const { http } = await newTenant(harness);
    const demo = (await http.post('/v1/demo')).body;
    const reads: [string, string][] = [
      ['/v1/settings', 'Settings'],
      [`/v1/locations/${demo.location.id}`, 'Location'],
      ['/v1/locations', 'LocationList'],
      ['/v1/statuses', 'StatusList'],
      [`/v1/clients/${demo.client.id}`, 'Client'],
      ['/v1/clients', 'ClientList'],
      [`/v1/clients/${demo.client.id}/consent-history`, 'ConsentHistory'],
      [`/v1/clients/${demo.client.id}/diagnostics`, 'Diagnostics'],
      ['/v1/templates', 'TemplateList'],
      ['/v1/notification-rules', 'RuleList'],
      ['/v1/orders', 'OrderList'],
      [`/v1/orders/${demo.order.id}`, 'OrderWithPending'],
      [`/v1/orders/${demo.order.id}/feed`, 'Feed'],
      ['/v1/outbox', 'Outbox'],
      ['/v1/console-config', 'ConsoleConfig'],
    ];

    for (const [url, schema] of reads) {
      // Act
      const res = await http.get(url);

      // Assert
      expect(res.status).toBe(200);
      const parsed = (responseSchemas[schema] as z.ZodType).safeParse(res.body);
      expect({ url, issues: parsed.error?.issues ?? [] }).toEqual({ url, issues: [] });
    }
    expect((responseSchemas.Demo as z.ZodType).safeParse(demo).success).toBe(true);
  });
});

describe('the web console at /', () => {
  const assets = fs.mkdtempSync(path.join(os.tmpdir(), 'console-assets-'));
  fs.writeFileSync(path.join(assets, 'index.html'), '<!doctype html><title>console</title>');
  fs.mkdirSync(path.join(assets, 'assets'));
  fs.writeFileSync(path.join(assets, 'assets', 'app.js'), 'console.log(1)');
  const app = express().use(consoleRouter(assets));
  afterAll(() => fs.rmSync(assets, { recursive: true, force: true }));

  it('when a browser opens any console path, then it gets the console page (client-side routes)', async () => {
    for (const url of ['/', '/orders/123', '/clients']) {
      const res = await request(app).get(url).set('Accept', 'text/html');
      expect(res.status).toBe(200);
      expect(res.text).toContain('<title>console</title>');
    }
  });

  it('when a built asset is asked for, then it is served as is', async () => {
    const res = await request(app).get('/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.text).toBe('console.log(1)');
  });

  it('when an API path is opened in a browser, then the API answers it in JSON, not the console page', async () => {
    const res = await request(harness.app).get('/v1/nothing-here').set('Accept', 'text/html');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
    const admin = await request(harness.app).get('/webhooks/nothing').set('Accept', 'text/html');
    expect(admin.status).toBe(404);
    expect(admin.body.error.code).toBe('not_found');
  });

  it('when the console is not built, then the page says how to build it', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'console-empty-'));
    try {
      const res = await request(express().use(consoleRouter(empty)))
        .get('/')
        .set('Accept', 'text/html');
      expect(res.status).toBe(503);
      expect(res.text).toContain('npm run build:web');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
