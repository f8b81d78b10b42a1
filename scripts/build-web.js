#!/usr/bin/env node
/*
 * Builds the web console into web/dist (git-ignored): the OpenAPI document is written from the API's
 * own code, openapi-typescript turns it into the console's API types (so the two cannot drift), then Vite
 * bundles the app. Runs as npm postinstall (warn-only: the API works without the console, and
 * `npm ci --omit=dev` has no build tools), from `npm start` when the build is missing, and as
 * `npm run build:web` (fails loudly, as CI wants).
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const generated = path.join(root, 'web', 'src', 'api', 'generated');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const strict = process.argv.includes('--strict');

function fail(message) {
  console.warn(`build-web: ${strict ? '' : 'warning: '}${message}`);
  process.exit(strict ? 1 : 0);
}

function resolvable(pkg) {
  try {
    require.resolve(pkg, { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

if (!resolvable('vite') || !resolvable('openapi-typescript')) {
  fail('the console build tools (dev dependencies) are not installed; the console is not built');
}

const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });
const openapi = path.join(generated, 'openapi.json');
try {
  run(bin('tsx'), [path.join('scripts', 'write-openapi.ts'), openapi]);
  run(bin('openapi-typescript'), [openapi, '--output', path.join(generated, 'schema.d.ts'), '--silent']);
  run(bin('vite'), ['build', '--config', path.join('web', 'vite.config.mts'), '--logLevel', 'warn']);
} catch (err) {
  fail(`the console build failed (${err.message}); run npm run build:web to see why`);
}
console.log('build-web: console built in web/dist');
