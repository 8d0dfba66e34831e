import { usageError } from '../core/errors.js';

/**
 * One flag of a command: the parser reads it, --help prints it (src/cli/help.ts), and the bin
 * learns from it which flags take a value (so `--description -v` never means --version).
 */
export interface FlagSpec {
  flag: string;
  short?: string;
  aliases?: string[];
  kind: 'string' | 'list' | 'boolean';
  /** How help shows the value of a string or list flag, e.g. `<name>`. */
  valueName?: string;
  description: string;
  /** A boolean that help shows as `--x, --no-x` (every boolean parses `--no-x`). */
  negatable?: boolean;
  /** Parsed but not listed by help (e.g. --dir, shown as the first argument). */
  hidden?: boolean;
  /** A list whose values may hold commas (`cron(0 3,15 * * ? *)`): repeat the flag, never split. */
  noSplit?: boolean;
}

/**
 * A value given as the next word may not start with '-' (write `--flag=-x` for that): the
 * word is then a flag of its own, and the value is missing. The bin applies the same rule.
 */
export const isFlagWord = (word: string): boolean => word.startsWith('-') && word !== '-';

export type FlagValue = string | string[] | boolean;

export interface ParsedArgs {
  positionals: string[];
  values: Map<string, FlagValue>;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/**
 * Parses argv against a flag list. Standalone `--` tokens are dropped (pnpm and Yarn 4 pass
 * them through); unknown flags are errors with a suggestion; lists take repeats and commas.
 */
export function parseArgs(argv: string[], specs: FlagSpec[]): ParsedArgs {
  const byName = new Map<string, FlagSpec>();
  for (const spec of specs) {
    for (const name of [spec.flag, ...(spec.aliases ?? [])]) byName.set(`--${name}`, spec);
    if (spec.short) byName.set(`-${spec.short}`, spec);
  }
  const positionals: string[] = [];
  const values = new Map<string, FlagValue>();
  const tokens = argv.filter((token) => token !== '--');

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!isFlagWord(token)) {
      positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = eq > 0 ? token.slice(0, eq) : token;
    const inline = eq > 0 ? token.slice(eq + 1) : undefined;
    let spec = byName.get(name);
    let negated = false;
    if (!spec && name.startsWith('--no-')) {
      const positive = byName.get(`--${name.slice(5)}`);
      if (positive?.kind === 'boolean') [spec, negated] = [positive, true];
    }
    if (!spec) {
      const suggestion = closest(name, [...byName.keys()].filter((k) => k.startsWith('--')));
      throw usageError(`unknown option ${name}${suggestion ? `; did you mean ${suggestion}?` : ''} (see --help)`);
    }
    if (spec.kind === 'boolean') {
      if (inline !== undefined && !['true', 'false'].includes(inline)) {
        throw usageError(`option --${spec.flag} takes no value (got "${inline}")`);
      }
      values.set(spec.flag, negated ? false : inline !== 'false');
      continue;
    }
    const raw = inline ?? tokens[++i];
    if (raw === undefined || (inline === undefined && isFlagWord(raw))) {
      throw usageError(`option --${spec.flag} needs a value`);
    }
    if (spec.kind === 'string') {
      if (values.has(spec.flag)) throw usageError(`option --${spec.flag} is given more than once`);
      values.set(spec.flag, raw);
    } else {
      const previous = (values.get(spec.flag) as string[] | undefined) ?? [];
      const items = (spec.noSplit ? [raw] : raw.split(',')).map((s) => s.trim()).filter((s) => s !== '');
      values.set(spec.flag, [...previous, ...items]);
    }
  }
  return { positionals, values };
}
