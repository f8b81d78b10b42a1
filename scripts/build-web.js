#!/usr/bin/env node
/*
 * Builds the web console into web/dist (git-ignored): the OpenAPI document is written from the API's
 * own code, openapi-typescript turns it into the console's API types (so the two cannot drift), then Vite
 * bundles the app. Runs as npm postinstall (skipped with a note where dev dependencies are not installed,
 * e.g. `npm ci --omit=dev`), from `npm start` when the build is missing, and as `npm run build:web`.
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const generated = path.join(root, 'web', 'src', 'api', 'generated');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function resolvable(pkg) {
  try {
    require.resolve(pkg, { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

if (!resolvable('vite') || !resolvable('openapi-typescript')) {
  console.warn(
    'build-web: the console build tools are not installed (dev dependencies); skipping the console',
  );
  process.exit(process.argv.includes('--strict') ? 1 : 0);
}

const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });
const openapi = path.join(generated, 'openapi.json');
run(bin('tsx'), [path.join('scripts', 'write-openapi.ts'), openapi]);
run(bin('openapi-typescript'), [openapi, '--output', path.join(generated, 'schema.d.ts'), '--silent']);
run(bin('vite'), ['build', '--config', path.join('web', 'vite.config.mts'), '--logLevel', 'warn']);
console.log('build-web: console built in web/dist');
