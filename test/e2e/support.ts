import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { execa } from 'execa';
import { beforeAll, expect } from 'vitest';

export const REPO = resolve(import.meta.dirname, '../..');
export const BIN = join(REPO, 'dist', 'index.cjs');

/**
 * A PostgreSQL server for generated projects' contract tests (.ci/run starts one). Exported under
 * its own name, not DATABASE_URL, so that a project serves from PostgreSQL only when a test says.
 */
export const POSTGRES_URL = process.env.POSTGRES_URL?.trim() ?? '';

/** The environment a generated project's pytest runs its SQL contract tests on PostgreSQL with. */
export const PYTEST_ENV: Record<string, string> = POSTGRES_URL ? { DATABASE_URL: POSTGRES_URL } : {};

/** The environment of a CI job: no TTY, CI set, no colour. */
export function ciEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: undefined, ...extra };
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a child process with no stdin, like CI does. */
export async function cli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
  const result = await execa('node', [BIN, ...args], {
    cwd: options.cwd ?? tmpdir(),
    env: options.env ?? ciEnv(),
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A failed run: the exit code, and one line of stderr starting with `error ` that matches. */
export function expectOneLineError(result: CliResult, code: number, message: RegExp): void {
  expect(result.exitCode, result.stderr).toBe(code);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error /);
  expect(lines[0]).toMatch(message);
}

/** Runs the CLI in a fresh folder and proves the folder is unchanged afterwards. */
export async function refused(args: string[], code: number, message: RegExp, env?: Record<string, string | undefined>): Promise<void> {
  const cwd = tempDir();
  const before = treeHash(cwd);
  expectOneLineError(await cli(args, { cwd, env: env ? ciEnv(env) : undefined }), code, message);
  expect(treeHash(cwd)).toBe(before);
}

/**
 * Generates one default project (no install, no git) before the suite's tests, and returns a
 * maker of private copies of it, so that no case depends on another.
 */
export function projectCopies(): () => string {
  let generated = '';
  beforeAll(async () => {
    const cwd = tempDir();
    const made = await cli(['svc', '--yes', '--no-install', '--no-git'], { cwd });
    expect(made.exitCode, made.stderr).toBe(0);
    generated = join(cwd, 'svc');
  });
  return () => {
    const project = join(tempDir(), 'svc');
    cpSync(generated, project, { recursive: true });
    return project;
  };
}

export function tempDir(prefix = 'cbs-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A copy of a generated project in a folder of its own, so that a test may change it without
 * another test seeing the change. The copy's .venv links to the original's (a copied venv's
 * scripts would still run the original's interpreter); the copy's own sources come first on
 * sys.path all the same, since pytest's `pythonpath = ["."]` and flask's `--app` put the project
 * folder ahead of the editable install. Git ignores the link through .git/info/exclude.
 */
export function copyProject(project: string): string {
  const copy = join(tempDir('cbs-copy-'), basename(project));
  const venvDir = join(project, '.venv');
  cpSync(project, copy, { recursive: true, filter: (source) => source !== venvDir });
  if (existsSync(venvDir)) {
    symlinkSync(venvDir, join(copy, '.venv'));
    if (existsSync(join(copy, '.git'))) {
      mkdirSync(join(copy, '.git', 'info'), { recursive: true });
      appendFileSync(join(copy, '.git', 'info', 'exclude'), '/.venv\n');
    }
  }
  return copy;
}

/** A hash of every path, type, mode and content under `root`, to prove nothing changed. */
export function treeHash(root: string): string {
  const hash = createHash('sha256');
  if (!existsSync(root)) return 'absent';
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      hash.update(`${relative(root, path)}\0${stat.mode}\0`);
      if (stat.isSymbolicLink()) hash.update(readlinkSync(path));
      else if (stat.isDirectory()) walk(path);
      else hash.update(readFileSync(path));
    }
  };
  walk(root);
  return hash.digest('hex');
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function hasUv(): Promise<boolean> {
  return (await execa('uv', ['--version'], { reject: false })).exitCode === 0;
}

/** Runs a command from the project's .venv/bin, from the project root. */
export function venv(project: string, command: string, args: string[], env: Record<string, string | undefined> = {}) {
  return execa(join(project, '.venv', 'bin', command), args, {
    cwd: project,
    reject: false,
    all: true,
    env: { ...process.env, ...env },
  });
}

export interface RunningServer {
  /** Stops the server and returns everything it printed. */
  stop(): Promise<string>;
}

/** Starts a server process and waits until `url` answers; the caller stops it. */
export async function startServer(
  project: string,
  command: string,
  args: string[],
  url: string,
  env: Record<string, string | undefined> = {},
): Promise<RunningServer> {
  const child = execa(join(project, '.venv', 'bin', command), args, {
    cwd: project,
    reject: false,
    all: true,
    env: { ...process.env, ...env },
  });
  // The subprocess is a thenable: returning it from this async function would wait for its exit.
  const stop = async () => {
    child.kill();
    return String((await child).all ?? '');
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await fetch(url);
      return { stop };
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`server did not answer on ${url}:\n${await stop()}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

export async function callJson(method: string, url: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/** Like callJson, with the response headers (Location, Allow). */
export async function callHttp(method: string, url: string, body?: unknown): Promise<{ status: number; json: any; headers: Headers }> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json(), headers: response.headers };
}

/** A folder of fake commands to put on PATH, each a shell script. */
export function fakeBin(scripts: Record<string, string>): string {
  const bin = tempDir('cbs-fake-bin-');
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}`);
    chmodSync(join(bin, name), 0o755);
  }
  return bin;
}
