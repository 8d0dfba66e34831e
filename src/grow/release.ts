import { TOOL_NAME } from '../core/manifest.js';
import { usageError } from '../core/errors.js';

/** Semantic versions compared by number (0.10.0 > 0.9.0); a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const [core = '', pre] = version.trim().replace(/^v/, '').split('+', 1)[0]!.split(/-(.*)/s);
    return { numbers: core.split('.').map((part) => Number.parseInt(part, 10) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.numbers.length, y.numbers.length); i++) {
    const difference = (x.numbers[i] ?? 0) - (y.numbers[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** A project made by a newer release may use templates and spec fields this one does not know. */
export function refuseNewer(projectVersion: string, toolVersion: string): void {
  if (compareVersions(projectVersion, toolVersion) > 0) {
    throw usageError(
      `this project was made by ${TOOL_NAME} ${projectVersion}, newer than this ${toolVersion}; run it with ${TOOL_NAME}@${projectVersion} or later (npx ${TOOL_NAME}@${projectVersion} ...)`,
    );
  }
}

/** Growing a project made by an older release would mix two releases' files: upgrade it first. */
export function refuseOlder(projectVersion: string, toolVersion: string): void {
  refuseNewer(projectVersion, toolVersion);
  if (compareVersions(projectVersion, toolVersion) < 0) {
    throw usageError(`this project was made by ${TOOL_NAME} ${projectVersion}; run ${TOOL_NAME} upgrade first, then try again`);
  }
}
