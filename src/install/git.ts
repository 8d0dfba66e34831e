import { failed, run } from './process.js';

/** What became of the repository; a failure keeps what git said. */
export type GitOutcome = 'committed' | 'inside-repository' | 'git-missing' | { failed: string };

const COMMIT_MESSAGE = 'Initial commit from create-bisslog-service';

/** git init + first commit, unless the folder already lives in a repository. */
export async function initRepository(dir: string): Promise<GitOutcome> {
  if (failed(await run('git', ['--version']))) return 'git-missing';
  const inside = await run('git', ['rev-parse', '--is-inside-work-tree'], { cwd: dir });
  if (inside.exitCode === 0 && inside.stdout.trim() === 'true') return 'inside-repository';
  // Each step's failure keeps what git said, or how it ended when it said nothing.
  const step = async (command: string, args: string[], options: string[] = []) => {
    const ran = await run('git', [...options, command, ...args], { cwd: dir, group: true });
    if (!failed(ran)) return undefined;
    const said = ran.stderr.trim() || `git ${command} ${ran.spawnError ?? `exited with ${ran.exitCode ?? ran.signal}`}`;
    return { failed: said.replace(/\s+/g, ' ') };
  };
  const setUp = (await step('init', ['--quiet'])) ?? (await step('add', ['--all']));
  if (setUp) return setUp;
  // A machine without a git identity still gets its first commit.
  const name = await run('git', ['config', 'user.name'], { cwd: dir });
  const email = await run('git', ['config', 'user.email'], { cwd: dir });
  const identity = [
    ...(name.stdout.trim() ? [] : ['-c', 'user.name=create-bisslog-service']),
    ...(email.stdout.trim() ? [] : ['-c', 'user.email=create-bisslog-service@localhost']),
  ];
  return (await step('commit', ['--quiet', '--no-verify', '-m', COMMIT_MESSAGE], identity)) ?? 'committed';
}
