import * as p from '@clack/prompts';
import type { UseCaseEntry } from '../core/spec.js';
import { identifierProblem, toSnakeCase } from '../core/names.js';
import { HTTP_METHODS, KINDS, type UseCaseModel } from '../core/use-cases.js';
import { oneLine } from '../core/errors.js';
import type { GrowPlan, ProjectSnapshot } from '../grow/plan-add.js';
import { parseMetadata, useCaseKeys } from '../grow/metadata-edit.js';
import { packageVersion } from '../version.js';
import { colors, formatBytes } from './output.js';
import { PromptCancelled, orCancel } from './prompts.js';

const NOTHING = 'nothing was changed';
const answered = <T>(value: T) => orCancel(value, NOTHING);

/** What `add use-case` will do, before it does it: the route, the files, the new metadata.yml entry. */
export function previewLines(plan: GrowPlan): string[] {
  const { added } = plan;
  const size = (content: string) => colors.dim(`(${formatBytes(Buffer.byteLength(content))})`);
  const entry = plan
    .metadataDiff()
    .split('\n')
    .filter((line) => line.startsWith('+') && !line.startsWith('+++'))
    .map((line) => colors.green(line.slice(1)));
  return [
    `Route   ${added.http.method.toUpperCase()} ${added.http.path} → ${added.http.status}`,
    `Kind    ${added.kind} (${added.reason})`,
    `Port    ${added.port.key}`,
    '',
    ...[...plan.create].map(([path, content]) => `${colors.green('CREATE')} ${path} ${size(content)}`),
    ...[...plan.update].map(([path, content]) => `${colors.yellow('UPDATE')} ${path} ${size(content)}`),
    ...plan.kept.map((path) => `${colors.cyan('KEEP  ')} ${path} ${colors.dim('(changed by you; not updated)')}`),
    '',
    'New in metadata.yml:',
    ...entry,
  ];
}

export interface AddPlanner {
  /** What the tool infers for `entry` (kind, port, route); throws on answers that cannot be. */
  infer(entry: UseCaseEntry): UseCaseModel;
  /** The full plan, with the checks against the project (routes, files); throws on a clash. */
  plan(entry: UseCaseEntry): GrowPlan;
}

function problemOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return oneLine(error);
  }
}

/**
 * Asks for the use case step by step, each default the one the tool infers from the answers so
 * far, each answer checked at its own prompt; shows what will change and asks to confirm.
 * Returns the confirmed answers and their plan.
 */
export async function askUseCase(given: UseCaseEntry, project: ProjectSnapshot, planner: AddPlanner): Promise<{ entry: UseCaseEntry; plan: GrowPlan }> {
  p.intro(`create-bisslog-service ${packageVersion()} · add use-case`);
  const existing = new Set([...useCaseKeys(parseMetadata(project.metadataText)), ...project.useCaseModules]);
  const name = answered(
    await p.text({
      message: 'Use case name (e.g. approve_order)',
      validate: (value = '') => {
        const key = toSnakeCase(value);
        if (existing.has(key)) return `use case "${key}" already exists in metadata.yml`;
        return identifierProblem('use case name', value) ?? problemOf(() => planner.infer({ ...given, name: value }));
      },
    }),
  );
  let entry: UseCaseEntry = { ...given, name };
  /** A choice has no inline error: one that cannot be is said, and asked again. */
  const choose = async <T extends string>(key: 'kind' | 'method', message: string, values: readonly T[], guess: T, hint: string) => {
    for (;;) {
      const options = values.map((v: string) => ({ value: v, label: v, hint: v === guess ? hint : undefined }));
      const value = answered(await p.select<string>({ message, options, initialValue: guess }));
      // The inferred answer stays unpinned, as when no flag is given: the reason shown stays the inferred one.
      const next = { ...entry, [key]: value === guess ? undefined : value };
      const refused = problemOf(() => planner.infer(next));
      if (!refused) {
        entry = next;
        return;
      }
      p.log.error(refused);
    }
  };
  const askText = async (key: 'port' | 'path', message: string, fallback: string, check: (e: UseCaseEntry) => unknown) => {
    const value = answered(
      await p.text({ message, placeholder: fallback, defaultValue: fallback, validate: (typed) => problemOf(() => check({ ...entry, [key]: typed || fallback })) }),
    );
    entry = { ...entry, [key]: value && value !== fallback ? value : undefined };
  };
  /** A trigger besides the HTTP route: messages from a queue, or a schedule. */
  const askTrigger = async () => {
    const trigger = answered(
      await p.select({
        message: 'Trigger besides its HTTP route',
        options: [
          { value: 'http', label: 'none', hint: 'HTTP only' },
          { value: 'consumer', label: 'consumer', hint: 'messages from a queue' },
          { value: 'schedule', label: 'schedule', hint: 'rate(...) or cron(...)' },
        ],
      }),
    );
    if (trigger === 'http') return;
    const field = trigger === 'consumer' ? 'queue' : 'cron';
    const value = answered(
      await p.text({
        message: trigger === 'consumer' ? 'Queue name (e.g. order-events)' : 'Schedule (e.g. rate(1 day))',
        validate: (typed = '') => problemOf(() => planner.infer({ ...entry, trigger, [field]: typed.trim() })),
      }),
    );
    entry = { ...entry, trigger, [field]: value.trim() };
  };
  if (given.kind === undefined) {
    const guess = planner.infer(entry);
    await choose('kind', 'Kind', KINDS, guess.kind, `inferred: ${guess.reason}`);
  }
  if (given.port === undefined) await askText('port', 'Port (the Division it talks to)', planner.infer(entry).port.key, planner.infer);
  if (given.method === undefined) await choose('method', 'HTTP method', HTTP_METHODS, planner.infer(entry).http.method, 'inferred');
  // The path is the last answer, so it is checked against the project's routes and files.
  if (given.path === undefined) await askText('path', 'HTTP path', planner.infer(entry).http.path, planner.plan);

  if (given.trigger === undefined) await askTrigger();

  const plan = planner.plan(entry);
  p.note(previewLines(plan).join('\n'), `Add ${plan.added.key}`);
  if (!answered(await p.confirm({ message: 'Add it?', initialValue: true }))) {
    p.cancel(`Cancelled; ${NOTHING}.`);
    throw new PromptCancelled(NOTHING);
  }
  return { entry, plan };
}

export function addedOutro(line: string): void {
  p.outro(line);
}
