import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, cli, copyProject, tempDir, treeHash } from './support.js';

interface Event {
  event: string;
  path?: string;
  action?: string;
  message?: string;
  exitCode?: number;
  dryRun?: boolean;
}

/** Every stdout line is one JSON event, the last one the summary with the exit code; stderr is empty. */
function events(result: CliResult): Event[] {
  const lines = result.stdout.split('\n').filter((line) => line !== '');
  const parsed = lines.map((line) => JSON.parse(line) as Event);
  expect(parsed.at(-1)).toEqual({ event: 'summary', exitCode: result.exitCode });
  expect(parsed.slice(0, -1).some((e) => e.event === 'summary')).toBe(false);
  expect(result.stderr).toBe('');
  expect(result.stdout).not.toContain('\u001b[');
  return parsed;
}

const files = (list: Event[]) => Object.fromEntries(list.filter((e) => e.event === 'file').map((e) => [e.path, e.action]));

describe('--json: NDJSON events on stdout for every command', () => {
  const cwd = tempDir('cbs-json-');
  const project = join(cwd, 'svc');

  it('create: a file event per written file, messages, and the summary', async () => {
    const created = events(await cli(['svc', '--yes', '--no-install', '--no-git', '--json'], { cwd, env: { CI: undefined } }));
    const written = files(created);
    expect(written['metadata.yml']).toBe('create');
    expect(written['src/domain/use_cases/create_item.py']).toBe('create');
    expect(Object.keys(written).every((path) => existsSync(join(project, path)))).toBe(true);
    expect(created.some((e) => e.event === 'message' && e.message!.includes('Wrote'))).toBe(true);
  });

  it('a refusal is an error event and the summary carries its exit code; nothing asks, even without CI', async () => {
    const before = treeHash(project);
    const unanswered = events(await cli(['svc', '--json'], { cwd, env: { CI: undefined } }));
    expect(unanswered.find((e) => e.event === 'error')?.message).toMatch(/^missing --entry/);
    const refused = events(await cli(['svc', '--yes', '--json'], { cwd, env: { CI: undefined } }));
    expect(refused.find((e) => e.event === 'error')?.message).toMatch(/svc is not empty/);
    expect([unanswered.at(-1)!.exitCode, refused.at(-1)!.exitCode]).toEqual([2, 2]);
    expect(treeHash(project)).toBe(before);
  });

  it('add use-case, check and remove --dry-run report files and problems as events', async () => {
    const copy = copyProject(project);
    const added = events(await cli(['add', 'use-case', 'list_items', '--json'], { cwd: copy }));
    expect(files(added)).toMatchObject({ 'src/domain/use_cases/list_items.py': 'create', 'metadata.yml': 'update' });

    expect(events(await cli(['check', '--no-analyzer', '--json'], { cwd: copy })).at(-1)!.exitCode).toBe(0);
    writeFileSync(join(copy, 'src', 'domain', 'use_cases', 'stray.py'), '');
    const drift = events(await cli(['check', '--no-analyzer', '--json'], { cwd: copy }));
    expect(drift.filter((e) => e.event === 'problem').map((e) => e.message)).toEqual([
      'module src/domain/use_cases/stray.py is not declared under use_cases in metadata.yml',
    ]);
    expect(drift.at(-1)!.exitCode).toBe(1);

    const before = treeHash(copy);
    const removal = events(await cli(['remove', 'use-case', 'list_items', '--dry-run', '--json'], { cwd: copy }));
    expect(removal.find((e) => e.path === 'src/domain/use_cases/list_items.py')).toMatchObject({ event: 'file', action: 'delete', dryRun: true });
    expect(treeHash(copy)).toBe(before);
    const upgrade = events(await cli(['upgrade', '--dry-run', '--json'], { cwd: copy }));
    expect(upgrade.at(-1)!.exitCode).toBe(0);
  });
});
