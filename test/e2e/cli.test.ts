import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO, cli, tempDir, treeHash } from './support.js';

const NO_INSTALL = ['--no-install', '--no-git'];
const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

async function help(command: string, flag: string, cwd: string): Promise<string> {
  const result = await cli([command, flag], { cwd });
  expect(result.exitCode, `${command} ${flag}`).toBe(0);
  return result.stdout;
}

describe('the CLI without a terminal', () => {
  it('--help and --version answer without touching the disk', async () => {
    const cwd = tempDir();
    const help = await cli(['--help'], { cwd });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage:');
    expect(help.stdout).toContain('--entry <ids>');
    expect(help.stdout).toContain('flask (Flask)');
    expect(help.stdout).toContain('3 install failed (project kept)');
    const shown = await cli(['--version'], { cwd });
    expect(shown).toMatchObject({ exitCode: 0, stdout: version });
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('prints every command\'s help from one renderer, listing the flags its parser takes', async () => {
    const cwd = tempDir();
    const help = async (...args: string[]) => {
      const result = await cli(args, { cwd });
      expect(result.exitCode, args.join(' ')).toBe(0);
      return result.stdout;
    };
    expect(await help('add', '--help')).toMatch(/^Options:\n {2}--kind <kind> {16}Kind: create\|get\|list\|update\|delete\|action\|command \(default/m);
    expect(await help('add', 'use-case', 'x', '-h')).toContain('  -v, --version                Show the version\n');
    expect(await help('check', '--help')).toContain('  --analyzer, --no-analyzer    Run bisslog-schema');
    expect(await help('check', '-v')).toBe(version);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('export openapi: one line and the exit code for each way it cannot run, nothing written', { timeout: 60_000 }, async () => {
    const cwd = tempDir();
    expect(await help('export', '--help', cwd)).toContain('  -o, --output FILE            Write the document to FILE');
    for (const [args, code, message] of [
      [['export'], 2, 'export takes what to export: openapi (got nothing)'],
      [['export', 'swagger'], 2, 'export takes what to export: openapi (got swagger)'],
      [['export', 'openapi', '--output'], 2, 'option --output needs a value'],
      [['export', 'openapi'], 2, 'not inside a project made by create-bisslog-service'],
    ] as const) {
      const result = await cli([...args], { cwd });
      expect(result.exitCode, args.join(' ')).toBe(code);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
    }
    expect(readdirSync(cwd)).toEqual([]);
    const made = await cli(['svc', '--yes', ...NO_INSTALL], { cwd });
    expect(made.exitCode, made.stderr).toBe(0);
    const before = treeHash(join(cwd, 'svc'));
    const noVenv = await cli(['export', 'openapi', '--output', 'openapi.json'], { cwd: join(cwd, 'svc') });
    expect(noVenv.exitCode).toBe(1);
    expect(noVenv.stderr.trim()).toMatch(/^error no \.venv\/bin\/python in .*svc: install the project first/);
    expect(treeHash(join(cwd, 'svc'))).toBe(before);
  });

  it('a flag that takes a value takes the next word: --description -v is not --version', async () => {
    const cwd = tempDir();
    for (const args of [
      ['svc', '--yes', '--description', '-v'],
      ['svc', '--yes', '--name', '--help'],
      ['add', 'use-case', 'x', '--port', '-h'],
    ]) {
      const result = await cli(args, { cwd });
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim()).toMatch(/^error option --(description|name|port) needs a value$/);
    }
    expect(readdirSync(cwd)).toEqual([]);
    const joined = await cli(['svc', '--yes', '--description=-v', '--team', '-', ...NO_INSTALL], { cwd });
    expect(joined.exitCode, joined.stderr).toBe(0);
    const metadata = readFileSync(join(cwd, 'svc', 'metadata.yml'), 'utf8');
    expect(metadata).toMatch(/^description: "-v"$/m);
    expect(metadata).toMatch(/^team: "-"$/m);
  });

  it('fails fast with one line naming the missing flags', async () => {
    const cwd = tempDir();
    const result = await cli([], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'error missing <dir>, --entry, --adapter and no terminal to ask; pass them, or --yes to accept the defaults',
    ]);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('takes every answer from flags, with no prompt and no --yes', async () => {
    const cwd = tempDir();
    const result = await cli(['svc', '--entry', 'flask', '--adapter', 'memory', ...NO_INSTALL], { cwd });
    expect(result.exitCode).toBe(0);
    expect(existsSync(join(cwd, 'svc', 'metadata.yml'))).toBe(true);
  });

  it('refuses a non-empty folder, lists what is there and changes nothing', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'svc'));
    writeFileSync(join(cwd, 'svc', 'notes.txt'), 'mine');
    writeFileSync(join(cwd, 'svc', 'README.md'), 'mine too');
    const before = treeHash(cwd);
    const result = await cli(['svc', '--yes', ...NO_INSTALL], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('svc is not empty (notes.txt); pass --force to write into it');
    expect(treeHash(cwd)).toBe(before);
  });

  it('--force writes alongside existing files, never deletes, and keeps replaced ones as .orig', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'svc'));
    writeFileSync(join(cwd, 'svc', 'notes.txt'), 'mine');
    writeFileSync(join(cwd, 'svc', 'README.md'), 'mine too');
    const result = await cli(['svc', '--yes', '--force', ...NO_INSTALL], { cwd });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('replaced README.md (yours is kept as README.md.orig)');
    expect(readFileSync(join(cwd, 'svc', 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(cwd, 'svc', 'README.md.orig'), 'utf8')).toBe('mine too');
    expect(readFileSync(join(cwd, 'svc', 'README.md'), 'utf8')).toContain('# svc');
    expect(readdirSync(join(cwd, 'svc')).filter((n) => n.includes('staging'))).toEqual([]);
  });

  it('--dry-run lists every file with its size and writes nothing', async () => {
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--dry-run'], { cwd });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/CREATE {2}metadata\.yml \(\d+(\.\d)? (B|kB)\)/);
    expect(result.stdout).toMatch(/CREATE {2}src\/domain\/use_cases\/create_item\.py/);
    expect(result.stdout).toMatch(/\d+ files, .* in svc; dry run, nothing written\./);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('rejects an unknown entry point, listing the valid ones', async () => {
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--entry', 'django'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/unknown entry "django"; choose from flask/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('ignores the literal -- that pnpm and yarn pass through', async () => {
    const cwd = tempDir();
    const result = await cli(['svc', '--', '--yes', ...NO_INSTALL], { cwd });
    expect(result.exitCode).toBe(0);
    expect(existsSync(join(cwd, 'svc', 'pyproject.toml'))).toBe(true);
  });

  it('generates the same bytes for the same answers', async () => {
    const [a, b] = [tempDir(), tempDir()];
    const args = ['svc', '--yes', '--name', 'orders', '--use-case', 'create_order,get_order,list_orders', ...NO_INSTALL];
    for (const cwd of [a, b]) {
      const run = await cli(args, { cwd });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(existsSync(join(cwd, 'svc', 'metadata.yml'))).toBe(true);
    }
    expect(treeHash(join(a, 'svc'))).toBe(treeHash(join(b, 'svc')));
  });

  it('creates a git repository with one commit, and leaves an enclosing repository alone', async () => {
    const cwd = tempDir();
    expect((await cli(['svc', '--yes', '--no-install'], { cwd })).exitCode).toBe(0);
    const log = await execa('git', ['log', '--oneline'], { cwd: join(cwd, 'svc') });
    expect(log.stdout.trim().split('\n')).toHaveLength(1);

    const inner = await cli(['nested', '--yes', '--no-install'], { cwd: join(cwd, 'svc') });
    expect(inner.stdout).toContain('Already inside a git repository');
    expect(existsSync(join(cwd, 'svc', 'nested', '.git'))).toBe(false);
  });
});

describe('replaying a spec', () => {
  it('--from a manifest regenerates the same project byte for byte', async () => {
    const cwd = tempDir();
    const args = ['--name', 'Orders & co', '--use-case', 'create_order,list_orders,send_invoice', '--entry', 'flask'];
    expect((await cli(['first', '--yes', ...args, ...NO_INSTALL], { cwd })).exitCode).toBe(0);
    const replay = await cli(['second', '--from', 'first/.bisslog/manifest.json', ...NO_INSTALL], { cwd });
    expect(replay.exitCode, replay.stderr).toBe(0);
    expect(treeHash(join(cwd, 'second'))).toBe(treeHash(join(cwd, 'first')));
  });

  it('--from refuses answers given twice and files that are not specs', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'spec.json'), '{"name": 1}');
    expect((await cli(['svc', '--from', 'spec.json', '--name', 'x'], { cwd })).stderr).toContain('--from and --name contradict');
    const bad = await cli(['svc', '--from', 'spec.json', '--yes'], { cwd });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^error .*spec\.json: name must be a string$/);
  });
});
