/** `npm run lint:openapi`: writes the generated OpenAPI document to a temporary file and lints it with Redocly. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildOpenApiDocument } from '../src/api/openapi/document';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-'));
const file = path.join(dir, 'openapi.json');
fs.writeFileSync(file, JSON.stringify(buildOpenApiDocument(), null, 2));
const cli = require.resolve('@redocly/cli/bin/cli.js');
const result = spawnSync(
  process.execPath,
  [cli, 'lint', file, '--config', path.join(__dirname, '..', 'redocly.yaml')],
  {
    stdio: 'inherit',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  },
);
fs.rmSync(dir, { recursive: true, force: true });
process.exit(result.status ?? 1);
