import { basename, resolve } from 'node:path';
import { type Catalog, DEFAULT_ENTRY_POINT, newProjectAdapters } from '../core/catalog.js';
import { identifierProblem, serviceNameProblem, suggestServiceName, textProblem } from '../core/names.js';
import { DEFAULT_USE_CASES } from '../core/spec.js';
import type { FlagSpec } from './args.js';
import { COMMON_FLAGS, type CommandSchema } from './help.js';

/**
 * The one schema behind `create`: argument parsing, prompts, --help, --yes defaults and
 * the "missing flags" error all read it, so they cannot drift apart.
 */
export interface CreateAnswers {
  dir: string;
  name: string;
  description: string;
  team: string;
  entry: string[];
  adapter: string[];
  useCase: string[];
  install: boolean;
}

export type AnswerKey = keyof CreateAnswers;

export interface Choice {
  value: string;
  label: string;
  hint?: string;
  /** Always part of the answer (catalog data): shown as included, never offered as a choice. */
  included?: boolean;
}

export interface AnswerContext {
  catalog: Catalog;
  answers: Partial<CreateAnswers>;
  cwd: string;
}

export interface AnswerOption<K extends AnswerKey = AnswerKey> extends FlagSpec {
  key: K;
  /** A prompt is drawn for it when interactive and no flag answered it. */
  prompt: { type: 'text' | 'multiselect' | 'confirm'; message: string };
  /** Without a TTY, a missing required answer is an error unless --yes is given. */
  required: boolean;
  defaultValue(ctx: AnswerContext): CreateAnswers[K];
  choices?(catalog: Catalog): Choice[];
  /** One value's problem, for flags and for inline prompt errors. */
  validate?(value: string, ctx: AnswerContext): string | undefined;
}

const textValidator = (what: string) => (value: string) => textProblem(what, value, { required: true });

/** The folder's name, or a cleaned-up one when the folder's would not do (`123` → `service-123`). */
function dirName(ctx: AnswerContext): string {
  const name = basename(resolve(ctx.cwd, ctx.answers.dir ?? '.'));
  return serviceNameProblem(name) ? suggestServiceName(name) : name;
}

const ANSWER_OPTIONS: AnswerOption[] = [
  {
    key: 'dir',
    flag: 'dir',
    kind: 'string',
    hidden: true,
    valueName: '<dir>',
    description: 'Folder to create the service in ("." for the current one); also the first argument',
    prompt: { type: 'text', message: 'Where should the service be created?' },
    required: true,
    defaultValue: () => 'bisslog-service',
    validate: (value) => (value.trim() === '' ? 'the folder is empty' : textProblem('folder', value, { required: true })),
  },
  {
    key: 'name',
    flag: 'name',
    kind: 'string',
    valueName: '<name>',
    description: 'Service name, as in metadata.yml (default: the folder name)',
    prompt: { type: 'text', message: 'Service name' },
    required: false,
    defaultValue: (ctx) => dirName(ctx),
    validate: (value) => {
      const problem = serviceNameProblem(value);
      return problem && `${problem}; e.g. ${JSON.stringify(suggestServiceName(value))}`;
    },
  },
  {
    key: 'description',
    flag: 'description',
    kind: 'string',
    valueName: '<text>',
    description: 'One-line description of the service',
    prompt: { type: 'text', message: 'Description' },
    required: false,
    defaultValue: () => 'A hexagonal microservice built with bisslog',
    validate: textValidator('description'),
  },
  {
    key: 'team',
    flag: 'team',
    kind: 'string',
    valueName: '<team>',
    description: 'Owning team, as in metadata.yml',
    prompt: { type: 'text', message: 'Owning team' },
    required: false,
    defaultValue: () => 'platform',
    validate: textValidator('team'),
  },
  {
    key: 'entry',
    flag: 'entry',
    aliases: ['entry-point', 'entry-points', 'entries'],
    kind: 'list',
    valueName: '<ids>',
    description: 'Entry points, comma-separated or repeated',
    prompt: { type: 'multiselect', message: 'Entry points (space to toggle)' },
    required: true,
    defaultValue: () => [DEFAULT_ENTRY_POINT],
    choices: (catalog) => catalog.entryPoints.map((e) => ({ value: e.id, label: e.label, hint: e.hint })),
  },
  {
    key: 'adapter',
    flag: 'adapter',
    aliases: ['adapters'],
    kind: 'list',
    valueName: '<ids>',
    description: 'Adapters behind every port, besides those always included',
    prompt: { type: 'multiselect', message: 'Adapters (space to toggle)' },
    required: true,
    defaultValue: (ctx) => newProjectAdapters(ctx.catalog),
    choices: (catalog) => catalog.adapters.map((a) => ({ value: a.id, label: a.label, hint: a.hint, included: a.alwaysIncluded })),
  },
  {
    key: 'useCase',
    flag: 'use-case',
    aliases: ['use-cases'],
    kind: 'list',
    valueName: '<name>',
    description: 'Use cases to start with, e.g. create_order; the verb picks route and port',
    prompt: { type: 'text', message: 'Use cases (comma-separated, e.g. create_order, get_order)' },
    required: false,
    defaultValue: () => [...DEFAULT_USE_CASES],
    validate: (value) => identifierProblem('use case name', value),
  },
  {
    key: 'install',
    flag: 'install',
    kind: 'boolean',
    negatable: true,
    description: 'Create .venv and install the dependencies (--no-install to skip)',
    prompt: { type: 'confirm', message: 'Install the Python dependencies now?' },
    required: false,
    defaultValue: () => true,
  },
];

export const answerOptions = ANSWER_OPTIONS;

/** Flags that only steer this run; they have no prompt. */
export interface RunFlags {
  installer?: 'uv' | 'pip';
  git: boolean;
  force: boolean;
  dryRun: boolean;
  yes: boolean;
}

export const runOptions: FlagSpec[] = [
  { flag: 'from', kind: 'string', valueName: '<file>', description: 'Answers from a spec or a .bisslog/manifest.json (replays a project byte for byte)' },
  { flag: 'installer', kind: 'string', valueName: '<uv|pip>', description: 'Python installer (default: uv when on PATH, else pip)' },
  { flag: 'git', kind: 'boolean', negatable: true, description: 'Initialise a git repository with a first commit (--no-git to skip)' },
  { flag: 'force', kind: 'boolean', description: 'Write into a non-empty folder (never deletes; lists what it replaces)' },
  { flag: 'dry-run', kind: 'boolean', description: 'Print every file with its size; write nothing' },
  { flag: 'yes', short: 'y', kind: 'boolean', description: 'Accept defaults for every unanswered question' },
];

/** Triggers beside a use case's HTTP route, as `add use-case --trigger` writes them. */
export const triggerOptions: FlagSpec[] = [
  { flag: 'consumer', kind: 'list', valueName: '<uc>=<queue>', description: 'A queue consumer trigger, e.g. ship_order=order-events' },
  { flag: 'schedule', kind: 'list', noSplit: true, valueName: "'<uc>=<expr>'", description: "A schedule trigger (repeat the flag), e.g. 'purge_expired_orders=rate(1 day)'" },
];

export const createFlagSpecs: FlagSpec[] = [...ANSWER_OPTIONS, ...triggerOptions, ...runOptions, ...COMMON_FLAGS];

/** `create`'s flags and help; the catalog lists the valid entry points and adapters. */
export function createSchema(version: string, catalog: Catalog): CommandSchema {
  const questions = ANSWER_OPTIONS.map((option) => {
    const choices = option.choices?.(catalog).map((c) => c.value).join(', ');
    return { ...option, description: `${option.description}${choices ? ` (${choices})` : ''}` };
  });
  return {
    name: 'create',
    head: `create-bisslog-service ${version}
Scaffold a hexagonal Python microservice on bisslog, and grow it later.

Usage:
  npm create bisslog-service@latest [dir] -- [options]
  npx create-bisslog-service@latest [dir] [options]
  pnpm create bisslog-service [dir] [options]   (also yarn create, bun create)

Commands (inside a generated project, or a bisslog project your team made):
  add use-case <name> [--port p] [--method m] [--path /x]   add a use case; see add --help
  add entry-point|adapter <id>, remove entry-point|adapter|use-case <name>   switch layers
  upgrade [--dry-run]                                       merge a newer release's templates in
  check [--no-analyzer]                                     metadata.yml vs the code, for CI
  export openapi [--output FILE]                            the OpenAPI document, without running
  adopt [--dry-run]                                         record a team project's conventions`,
    groups: [
      { title: 'Questions (each is a flag; without a terminal, pass them or --yes)', flags: questions },
      { title: 'Triggers beside the HTTP routes (see add --help)', flags: triggerOptions },
      { title: 'Run options', flags: [...runOptions, ...COMMON_FLAGS] },
    ],
    tail: `A value may not start with '-' unless joined to its flag: --description=-x.

Entry points: ${catalog.entryPoints.map((e) => `${e.id} (${e.label})`).join(', ')}
Adapters:     ${catalog.adapters.map((a) => `${a.id} (${a.label}${a.alwaysIncluded ? ', always included' : ''})`).join(', ')}

Examples:
  npm create bisslog-service@latest orders -- --yes
  npx create-bisslog-service orders --entry flask,fastapi --use-case create_order,get_order --no-install

Exit codes: 0 ok, 1 failure, 2 usage or validation error, 3 install failed (project kept), 130 cancelled, 143 terminated.`,
  };
}

/** The command-line form of one answer, for messages like "pass --entry". */
export function flagFor(option: AnswerOption): string {
  return option.key === 'dir' ? '<dir>' : `--${option.flag}`;
}
