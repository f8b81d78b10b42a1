/** Writes the API's OpenAPI document to a file, for the console's generated client (scripts/build-web.js). */
import fs from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument } from '../src/api/openapi/document';

const target = path.resolve(process.argv[2] ?? 'openapi.json');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, JSON.stringify(buildOpenApiDocument(), null, 2));
