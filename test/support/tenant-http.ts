import type { Pool } from 'pg';
import request from 'supertest';
import type { createApp } from '../../src/api/app';
import { createCompany } from '../../src/db/repositories/companies-repository';

type App = ReturnType<typeof createApp>;

/** Supertest requests to the API that send the tenant's API key. */
export function tenantHttp(app: App, apiKey: string) {
  const auth = { Authorization: `Bearer ${apiKey}` };
  return {
    get: (url: string) => request(app).get(url).set(auth),
    post: (url: string, body?: object) => request(app).post(url).set(auth).send(body),
    patch: (url: string, body?: object) => request(app).patch(url).set(auth).send(body),
    delete: (url: string) => request(app).delete(url).set(auth),
  };
}

export type TenantHttp = ReturnType<typeof tenantHttp>;

/** A fresh company (its own tenant) and requests that send its API key. */
export async function newTenantClient(db: Pool, app: App, name = 'Fixit Repairs') {
  const { company, apiKey } = await createCompany(db, name);
  return { company, apiKey, http: tenantHttp(app, apiKey) };
}

/** The response body; setup steps throw on an error status so a broken fixture fails where it broke. */
export async function ok(res: request.Response | Promise<request.Response>) {
  const r = await res;
  if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
