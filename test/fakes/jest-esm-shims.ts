/**
 * The Vonage SDK `require()`s two ESM-only packages: `node-fetch` v3 (@vonage/server-client,
 * @vonage/vetch) and `uuid` v13 (@vonage/jwt, for the JWT `jti`). Plain Node 20.19+ loads them
 * (require(esm)), but Jest's module runtime on Node 20 cannot. Importing this file FIRST in a Jest
 * test that uses the Vonage SDK swaps them for equivalents so the real SDK code runs:
 * `node-fetch` → Node's built-in fetch (same WHATWG API: `ok`, `status`, `headers.get`, `text()`),
 * `uuid.v4` → `crypto.randomUUID`.
 *
 *   import '../fakes/jest-esm-shims'; // before anything that loads @vonage/*
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';

jest.doMock('node-fetch', () => {
  const fetchImpl = (input: string | URL, init?: RequestInit) => globalThis.fetch(input, init);
  return {
    __esModule: true,
    default: fetchImpl,
    Headers: globalThis.Headers,
    Request: globalThis.Request,
    Response: globalThis.Response,
  };
});

// @vonage/jwt has its own nested uuid; mock exactly the copy it resolves.
const vonageUuid = require.resolve('uuid', { paths: [path.dirname(require.resolve('@vonage/jwt'))] });
jest.doMock(vonageUuid, () => ({ __esModule: true, v4: () => randomUUID() }));

export {};
