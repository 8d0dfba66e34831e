import { ExecaError, execa } from 'execa';
import { runInGroup } from './group.js';

/** What became of the repository; a failure keeps what git said. */
export type GitOutcome = 'committed' | 'inside-repository' | 'git-missing' | { failed: string };

const COMMIT_MESSAGE = 'Initial commit from create-bisslog-service';

/** git init + first commit, unless the folder already lives in a repository. */
export async function initRepository(dir: string): Promise<GitOutcome> {
  try {
    await execa('git', ['--version']);
  } catch {
    return 'git-missing';
  }
  const inside = await execa('git', ['rev-parse', '--is-inside-work-tree'], { cwd: dir, reject: false });
  if (inside.exitCode === 0 && inside.stdout.trim() === 'true') return 'inside-repository';
  try {
    await runInGroup('git', ['init', '--quiet'], { cwd: dir, stdin: 'ignore' });
    await runInGroup('git', ['add', '--all'], { cwd: dir, stdin: 'ignore' });
    // A machine without a git identity still gets its first commit.
    const name = await execa('git', ['config', 'user.name'], { cwd: dir, reject: false });
    const email = await execa('git', ['config', 'user.email'], { cwd: dir, reject: false });
    const identity = [
      ...(name.stdout.trim() ? [] : ['-c', 'user.name=create-bisslog-service']),
      ...(email.stdout.trim() ? [] : ['-c', 'user.email=create-bisslog-service@localhost']),
    ];
    await runInGroup('git', [...identity, 'commit', '--quiet', '--no-verify', '-m', COMMIT_MESSAGE], { cwd: dir, stdin: 'ignore' });
    return 'committed';
  } catch (error) {
    const said = error instanceof ExecaError ? String(error.stderr ?? '').trim() || error.shortMessage : String(error);
    return { failed: said.replace(/\s+/g, ' ') };
  }
}
