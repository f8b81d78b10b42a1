/**
 * `npm run demo`: loads the demo data into a running `npm start` (the same as the console's "Load demo
 * data" button), with the dev company key from the data folder, or API_URL / API_KEY for another API.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadEnv } from '../src/config';
import type { createDemoData } from '../src/services/demo-data-service';
import type { DevCredentials } from './dev-credentials';

async function main() {
  const env = loadEnv();
  const apiUrl = process.env.API_URL ?? `http://localhost:${env.PORT}`;
  const credentialsFile = path.resolve(env.DATA_DIR, 'dev-credentials.json');
  const apiKey =
    process.env.API_KEY ??
    (fs.existsSync(credentialsFile)
      ? (JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as DevCredentials).apiKey
      : undefined);
  if (!apiKey) throw new Error(`No API key: start the service with npm start first, or set API_KEY`);

  const response = await fetch(`${apiUrl}/v1/demo`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}` },
  }).catch(() => {
    throw new Error(`The API at ${apiUrl} does not answer: is npm start running?`);
  });
  if (!response.ok) throw new Error(`The API refused the demo data: ${await response.text()}`);
  const body = (await response.json()) as Awaited<ReturnType<typeof createDemoData>>;
  console.log(
    [
      'Demo data created:',
      `  location "${body.location.name}", ${body.rules.length} rules, client ${body.client.name}`,
      `  order ${body.order.number}: ${apiUrl}/orders/${body.order.id}`,
      `  its first SMS appears in the outbox within seconds: ${apiUrl}/outbox`,
    ].join('\n'),
  );
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
