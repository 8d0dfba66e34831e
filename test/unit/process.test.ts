import { describe, expect, it } from 'vitest';
import { failed, run } from '../../src/install/process.js';

describe('run (node:child_process for the install and git steps)', () => {
  it('collects stdout and stderr, and the exit code', async () => {
    const ran = await run('sh', ['-c', 'echo out; echo err >&2; exit 3']);
    expect(ran).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false });
    expect(failed(ran)).toBe(true);
  });

  it('a command not on PATH is a spawn error, not a throw', async () => {
    const ran = await run('no-such-command-cbs', ['--version']);
    expect(ran.spawnError).toBe('ENOENT');
    expect(failed(ran)).toBe(true);
  });

  it('a command that does not answer in time is ended, and says so', async () => {
    const started = Date.now();
    const ran = await run('sleep', ['10'], { timeoutMs: 200 });
    expect(ran).toMatchObject({ timedOut: true, signal: 'SIGTERM' });
    expect(failed(ran)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('onOutput receives both streams instead of the result; stdin is closed', async () => {
    const chunks: string[] = [];
    const ran = await run('sh', ['-c', 'cat; echo a; echo b >&2'], { onOutput: (chunk) => chunks.push(chunk), group: true });
    expect(ran).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(chunks.join('').split('\n').sort()).toEqual(['', 'a', 'b']);
  });
});
