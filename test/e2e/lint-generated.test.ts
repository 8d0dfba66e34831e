import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, cli, tempDir } from './support.js';

/**
 * Generated workflows pass actionlint (a Go module) and compose files the Compose
 * specification's JSON schema (vendored by check-jsonschema, from PyPI); .ci/run installs both
 * into .cache/tools/bin. Without them this file is skipped, and CI fails on a skip.
 */
const TOOLS = join(REPO, '.cache', 'tools', 'bin');
function tool(name: string): string | undefined {
  return [TOOLS, ...(process.env.PATH ?? '').split(delimiter)].map((dir) => join(dir, name)).find((path) => existsSync(path));
}
const actionlint = tool('actionlint');
const checkJsonschema = tool('check-jsonschema');

const VARIANTS: Record<string, string[]> = {
  'flask-memory': ['--entry', 'flask'],
  'all-mongo': ['--entry', 'flask,fastapi,lambda', '--adapter', 'mongo'],
  'fastapi-mongo': ['--entry', 'fastapi', '--adapter', 'mongo'],
  'lambda-mongo': ['--entry', 'lambda', '--adapter', 'mongo'],
  'lambda-memory': ['--entry', 'lambda'],
};

describe.skipIf(!actionlint || !checkJsonschema)('generated CI workflows and compose files lint clean', () => {
  const root = tempDir('cbs-lint-');
  beforeAll(async () => {
    for (const [name, args] of Object.entries(VARIANTS)) {
      const result = await cli([join(root, name), '--yes', '--no-install', '--no-git', '--use-case', 'create_order,get_order', ...args]);
      expect(result.exitCode, result.stderr).toBe(0);
    }
  }, 60_000);

  it.each(Object.keys(VARIANTS))('actionlint: %s', async (name) => {
    const run = await execa(actionlint!, ['-no-color', '.github/workflows/ci.yml'], { cwd: join(root, name), reject: false, all: true });
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toBe('');
  });

  it.each(Object.keys(VARIANTS).filter((name) => name !== 'lambda-memory'))('compose-spec schema: %s', async (name) => {
    const project = join(root, name);
    const run = await execa(checkJsonschema!, ['--builtin-schema', 'vendor.compose-spec', 'compose.yaml'], { cwd: project, reject: false, all: true });
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toContain('ok -- validation done');
  });

  it('the schema check is real: it refuses a compose file the specification does not allow', async () => {
    const project = join(root, 'flask-memory');
    const bad = join(project, 'bad-compose.yaml');
    await execa('sh', ['-c', `sed 's/^services:/servicez:/' compose.yaml > ${bad}`], { cwd: project });
    const run = await execa(checkJsonschema!, ['--builtin-schema', 'vendor.compose-spec', bad], { reject: false, all: true });
    expect(run.exitCode).not.toBe(0);
  });
});
