import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { StartupProblem } from '../startup-problems';
import type { PostgresBinaries } from './postgres-binaries';

/**
 * PostgreSQL refuses to run as root, so root runs it as the `postgres` OS user — who cannot enter a
 * private (`0700`) home folder. What that user must reach (the binaries, the data folder) is then kept
 * in root-owned system folders instead.
 */

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

const POSTGRES_USER = 'postgres';

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function lookUpUser(name: string): OsUser | undefined {
  const id = (flag: string) => spawnSync('id', [flag, name], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function run(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) return result.error.message;
  return result.status === 0 ? undefined : result.stderr.trim() || `${command} exited with ${result.status}`;
}

/** The `postgres` OS user, created (as a system user without a home) when the machine has none. */
export function postgresOsUser(): OsUser {
  const existing = lookUpUser(POSTGRES_USER);
  if (existing) return existing;
  const groupExists = spawnSync('getent', ['group', POSTGRES_USER]).status === 0;
  const failure =
    (groupExists ? undefined : run('groupadd', ['--system', POSTGRES_USER])) ??
    run('useradd', ['--system', '--gid', POSTGRES_USER, '--no-create-home', POSTGRES_USER]);
  const created = lookUpUser(POSTGRES_USER);
  if (failure || !created) {
    throw new StartupProblem(
      `PostgreSQL cannot run as root and this machine has no "${POSTGRES_USER}" user to run it as, nor could one be created (${failure}): create one (useradd --system ${POSTGRES_USER}), run as another user, or set DATABASE_URL`,
    );
  }
  return created;
}

/** Whether `user` can reach `target` and `test` it (`-x`: enter a folder or run a file; `-r`: read). */
function userCan(user: OsUser, test: '-x' | '-r', target: string): boolean {
  const probe = spawnSync('/bin/sh', ['-c', `test ${test} "$1"`, 'sh', target], {
    uid: user.uid,
    gid: user.gid,
  });
  return probe.status === 0;
}

/** The outermost folder on the way to `target` that `user` cannot enter, for the message. */
function firstClosedFolder(user: OsUser, target: string): string {
  const folders: string[] = [];
  for (let dir = path.dirname(target); dir !== path.dirname(dir); dir = path.dirname(dir))
    folders.unshift(dir);
  return folders.find((dir) => !userCan(user, '-x', dir)) ?? path.dirname(target);
}

function canRun(user: OsUser, binaries: PostgresBinaries): boolean {
  return (
    userCan(user, '-x', path.join(binaries.dir, 'bin', 'postgres')) &&
    userCan(user, '-r', path.join(binaries.dir, 'share', 'postgresql', 'postgres.bki'))
  );
}

function cannotPlace(what: string, folder: string, err: unknown): StartupProblem {
  const reason = (err as { code?: string }).code ?? (err as Error).message;
  return new StartupProblem(
    `the project is in a folder the ${POSTGRES_USER} user cannot enter, and ${what} cannot go to ${folder} instead (${reason}): move the project to a folder others can enter, run as another user, or set DATABASE_URL`,
  );
}

/** A root-owned folder that others can enter and no one else can write: safe to run binaries from. */
function rootOwnedFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const stat = fs.statSync(dir);
  if (stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new StartupProblem(
      `${dir} must be owned by root and writable by root alone, as root runs PostgreSQL from it: remove it (rm -r ${dir}) and start again`,
    );
  }
  fs.chmodSync(dir, 0o755);
}

/** Lets everyone read a copied tree (a umask of 077 would keep the postgres user out of it). */
function openToOthers(target: string): void {
  const stat = fs.lstatSync(target);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    fs.chmodSync(target, 0o755);
    for (const entry of fs.readdirSync(target)) openToOthers(path.join(target, entry));
  } else {
    fs.chmodSync(target, stat.mode & 0o100 ? 0o755 : 0o644);
  }
}

/**
 * The binaries as `user` can run them: the packaged ones, or — when they lie in a folder that user cannot
 * enter — a copy made once per version under `stagingRoot` (copied under a temporary name and renamed,
 * so a copy cut short is never used).
 */
export function binariesReachableBy(
  user: OsUser,
  binaries: PostgresBinaries,
  stagingRoot: string,
): PostgresBinaries {
  if (canRun(user, binaries)) return binaries;
  const staged = path.join(stagingRoot, `postgres-${binaries.version}-${process.platform}-${process.arch}`);
  try {
    rootOwnedFolder(stagingRoot);
    if (!fs.existsSync(staged)) {
      const partial = fs.mkdtempSync(`${staged}.partial-`);
      fs.cpSync(binaries.dir, partial, { recursive: true, verbatimSymlinks: true });
      openToOthers(partial);
      try {
        fs.renameSync(partial, staged);
      } catch (err) {
        // Another start copied them first: theirs is as good as ours.
        fs.rmSync(partial, { recursive: true, force: true });
        if (!fs.existsSync(staged)) throw err;
      }
    }
  } catch (err) {
    if (err instanceof StartupProblem) throw err;
    throw cannotPlace('the PostgreSQL binaries', stagingRoot, err);
  }
  const reachable = { ...binaries, dir: staged };
  if (!canRun(user, reachable)) {
    throw new StartupProblem(
      `the ${POSTGRES_USER} user cannot run the PostgreSQL binaries copied to ${staged}: remove that folder (rm -r ${staged}) and start again`,
    );
  }
  return reachable;
}

function ownedBy(user: OsUser, dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (fs.readdirSync(dir).length === 0) {
    fs.chownSync(dir, user.uid, user.gid);
    fs.chmodSync(dir, 0o700);
  }
}

export interface ReachableDataDir {
  dir: string;
  /** The folder `user` cannot enter, when the data lives elsewhere (linked from `dataDir`). */
  closedFolder?: string;
}

/**
 * The data folder as `user` can reach it: `dataDir` itself, or — inside a folder that user cannot enter —
 * a new folder under `dataRoot` that `dataDir` becomes a link to, so the project still shows where its
 * data is and deleting `dataDir` still starts from scratch.
 */
export function dataDirReachableBy(user: OsUser, dataDir: string, dataRoot: string): ReachableDataDir {
  const resolved = fs.existsSync(dataDir) ? fs.realpathSync(dataDir) : dataDir;
  fs.mkdirSync(path.dirname(resolved), { recursive: true });
  if (userCan(user, '-x', path.dirname(resolved))) {
    ownedBy(user, resolved);
    return {
      dir: resolved,
      ...(resolved === dataDir ? {} : { closedFolder: firstClosedFolder(user, dataDir) }),
    };
  }
  const closedFolder = firstClosedFolder(user, resolved);
  if (fs.existsSync(resolved) && fs.readdirSync(resolved).length > 0) {
    throw new StartupProblem(
      `the PostgreSQL data in ${resolved} is inside ${closedFolder}, which the ${POSTGRES_USER} user cannot enter: move it out (and link it back), or delete it to start from scratch`,
    );
  }
  let relocated: string;
  try {
    rootOwnedFolder(dataRoot);
    relocated = fs.mkdtempSync(path.join(dataRoot, 'data-'));
    ownedBy(user, relocated);
    fs.rmSync(resolved, { recursive: true, force: true });
    fs.symlinkSync(relocated, resolved, 'dir');
  } catch (err) {
    if (err instanceof StartupProblem) throw err;
    throw cannotPlace('its PostgreSQL data', dataRoot, err);
  }
  return { dir: relocated, closedFolder };
}
