import type { CatalogEntry } from '../core/catalog.js';
import type { ServiceModel } from '../core/spec.js';
import { shellQuote } from '../shell.js';
import type { AnswerContext, AnswerOption, CreateAnswers } from './create-options.js';

export interface Section {
  title: string;
  lines: string[];
}

/** What the run made, how to run it, and the command that makes it again without questions. */
export interface Closing {
  made: Section;
  run: Section;
  /** The equivalent command, as shell words (each already quoted). */
  again?: { title: string; words: string[] };
}

/** Shell words on lines of at most `width` columns, continued with ` \`, so a copy still runs. */
export function wrapWords(words: string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 1 + word.length + 2 > width) {
      lines.push(`${line} \\`);
      line = `  ${word}`;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}

function table(rows: [string, string[]][]): string[] {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.flatMap(([label, values]) => values.map((value, i) => `${(i === 0 ? label : '').padEnd(width)}  ${value}`));
}

function runCommand(entry: CatalogEntry): string | undefined {
  return entry.http ? `.venv/bin/${entry.http.dev}` : entry.run;
}

/** The env assignments that select an adapter that needs configuration, from its catalog data. */
function adapterEnv(adapter: CatalogEntry): string {
  return [`ADAPTER=${adapter.id}`, ...adapter.env.map((v) => `${v.name}=${shellQuote(v.example)}`)].join(' ');
}

/**
 * The flags that make the same project with no prompt: every answer that differs from its
 * default (the schema's own defaults), and always the folder, entry points, adapters and use cases.
 */
export function equivalentCommand(
  version: string,
  answers: CreateAnswers,
  options: AnswerOption[],
  ctx: AnswerContext,
  run: { git: boolean; force: boolean },
): string[] {
  const words = [`npx create-bisslog-service@${version}`, shellQuote(answers.dir)];
  const always = new Set(['entry', 'adapter', 'useCase']);
  for (const option of options) {
    if (option.key === 'dir' || option.key === 'install') continue;
    const value = answers[option.key];
    const fallback = option.defaultValue({ ...ctx, answers });
    const shown = Array.isArray(value) ? value.join(',') : String(value);
    const fallbackShown = Array.isArray(fallback) ? fallback.join(',') : String(fallback);
    if (always.has(option.key) || shown !== fallbackShown) words.push(`--${option.flag}`, shellQuote(shown));
  }
  words.push('--no-install');
  if (!run.git) words.push('--no-git');
  if (run.force) words.push('--force');
  return words;
}

export function closingSummary(dir: string, model: ServiceModel, installed: boolean, again: string[] | undefined): Closing {
  const routes = model.useCases.map((uc) => `${uc.http.method.toUpperCase()} ${uc.http.path}  ${uc.key}`);
  const made = table([
    ['Entry points', [model.entryPoints.map((e) => e.label).join(', ')]],
    ['Adapters', [model.adapters.map((a) => a.label).join(', ')]],
    ['Use cases', routes],
  ]);
  const runs: [string, string[]][] = model.entryPoints
    .map((entry) => [`${entry.label}:`, [runCommand(entry)]] as [string, (string | undefined)[]])
    .filter((row): row is [string, string[]] => row[1][0] !== undefined);
  const firstHttp = model.entryPoints.find((e) => e.http);
  for (const adapter of model.adapters.filter((a) => !a.alwaysIncluded && a.env.length > 0)) {
    runs.push([`${adapter.label}:`, [firstHttp ? `${adapterEnv(adapter)} .venv/bin/${firstHttp.http!.dev}` : `set ${adapterEnv(adapter)}`]]);
  }
  const run = [
    ...(dir === '.' ? [] : [`cd ${shellQuote(dir)}`]),
    ...(installed ? [] : ['python3 -m venv .venv && .venv/bin/python -m pip install -e ".[dev]"']),
    '.venv/bin/pytest',
    ...table(runs),
  ];
  return {
    made: { title: `Created ${dir}`, lines: made },
    run: { title: 'Next steps', lines: run },
    again: again === undefined ? undefined : { title: 'The same project without questions', words: again },
  };
}
