import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as p from '@clack/prompts';
import { CliError, ExitCode, oneLine, usageError } from '../core/errors.js';
import { inspectTarget, occupyingEntries } from '../fs/write.js';
import { packageVersion } from '../version.js';
import { type AnswerContext, type AnswerOption, type Choice, type CreateAnswers, answerOptions } from './create-options.js';
import { colors, type Reporter } from './output.js';
import { wrapWords } from './summary.js';

/** Loaded only on the interactive path, so --help and CI runs never pay for it. */
export class PromptCancelled extends CliError {
  constructor(what = 'nothing was written') {
    // clack has printed the one line that says so.
    super(`cancelled; ${what}`, ExitCode.cancelled, { reported: true });
  }
}

/** Cancelling prints one line, in the frame, and exits 130 with nothing else said. */
export function orCancel<T>(value: T, what = 'nothing was written'): Exclude<T, symbol> {
  if (p.isCancel(value)) {
    p.cancel(`Cancelled; ${what}.`);
    throw new PromptCancelled(what);
  }
  return value as Exclude<T, symbol>;
}

function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function listProblem(option: AnswerOption, raw: string, ctx: AnswerContext): string | undefined {
  const items = splitList(raw);
  if (items.length === 0) return 'give at least one';
  for (const item of items) {
    const problem = option.validate?.(item, ctx);
    if (problem) return problem;
  }
  const duplicate = items.find((item, i) => items.indexOf(item) !== i);
  return duplicate ? `"${duplicate}" is given twice` : undefined;
}

/**
 * A choice list from the catalog. Choices that are always included are shown ticked under the
 * question and are not options: unticking them could not take them out.
 */
async function askChoices(option: AnswerOption, ctx: AnswerContext, initial: string[]): Promise<string[]> {
  const choices: Choice[] = option.choices!(ctx.catalog);
  const included = choices.filter((c) => c.included);
  const selectable = choices.filter((c) => !c.included);
  if (selectable.length === 0) return included.map((c) => c.value);
  const shown = included.map((c) => `${colors.green('◼')} ${c.label} ${colors.dim(`(${c.hint ? `${c.hint}; ` : ''}always included)`)}`);
  const picked = orCancel(
    await p.multiselect({
      message: [option.prompt.message, ...shown].join('\n'),
      options: selectable.map(({ value, label, hint }) => ({ value, label, hint })),
      initialValues: initial.filter((value) => selectable.some((c) => c.value === value)),
      required: included.length === 0,
    }),
  );
  // Catalog order, so the answer reads the same however it was ticked.
  return choices.filter((c) => c.included || picked.includes(c.value)).map((c) => c.value);
}

async function ask(option: AnswerOption, ctx: AnswerContext): Promise<CreateAnswers[keyof CreateAnswers]> {
  const initial = option.defaultValue(ctx);
  const { message, type } = option.prompt;
  if (type === 'confirm') {
    return orCancel(await p.confirm({ message, initialValue: initial as boolean }));
  }
  if (type === 'multiselect') return askChoices(option, ctx, initial as string[]);
  // The default shows as a placeholder: Enter accepts it, typing replaces it.
  const fallback = Array.isArray(initial) ? initial.join(', ') : String(initial);
  const answer = orCancel(
    await p.text({
      message,
      placeholder: fallback,
      defaultValue: fallback,
      validate: (value) => {
        const given = value || fallback;
        return option.kind === 'list' ? listProblem(option, given, ctx) : option.validate?.(given, ctx);
      },
    }),
  );
  const given = answer || fallback;
  return option.kind === 'list' ? splitList(given) : given;
}

/** What stops a folder being written to at all (a file, a broken link); a full folder is a choice. */
function folderProblem(dir: string, cwd: string): string | undefined {
  try {
    inspectTarget(resolve(cwd, dir), new Map(), { force: true });
    return undefined;
  } catch (error) {
    return oneLine(error);
  }
}

function occupied(dir: string, cwd: string): string[] {
  const folder = resolve(cwd, dir);
  return existsSync(folder) ? occupyingEntries(folder) : [];
}

type FolderChoice = 'force' | 'other' | 'cancel';

/** Like create-vite: a folder that is not empty is a choice at once, not an error at the end. */
async function chooseForFullFolder(dir: string, entries: string[]): Promise<FolderChoice> {
  const shown = entries.slice(0, 4).join(', ') + (entries.length > 4 ? `, … (${entries.length} in all)` : '');
  return orCancel(
    await p.select<FolderChoice>({
      message: `${dir} is not empty (${shown}). What now?`,
      options: [
        { value: 'cancel', label: 'Cancel' },
        { value: 'force', label: 'Write into it', hint: 'as --force: deletes nothing, keeps a replaced file as .orig' },
        { value: 'other', label: 'Choose another folder' },
      ],
      initialValue: 'cancel',
    }),
  );
}

export interface Prompted {
  answers: Partial<CreateAnswers>;
  /** The user chose to write into a folder that is not empty. */
  force: boolean;
}

/**
 * Asks, in schema order, every question no flag answered; each answer is checked at its own
 * prompt, and the folder is settled (empty, or written into by choice) before anything else.
 */
export async function promptFor(options: AnswerOption[], ctx: AnswerContext, force: boolean): Promise<Prompted> {
  p.intro(`create-bisslog-service ${packageVersion()}`);
  const answers: Partial<CreateAnswers> = { ...ctx.answers };
  const base = answerOptions.find((o) => o.key === 'dir')!;
  const dirOption: AnswerOption = { ...base, validate: (value, c) => base.validate?.(value, c) ?? folderProblem(value, c.cwd) };
  for (;;) {
    if (answers.dir === undefined) {
      answers.dir = (await ask(dirOption, { ...ctx, answers })) as string;
    } else {
      const problem = dirOption.validate!(answers.dir, ctx);
      if (problem) throw usageError(problem);
    }
    const entries = force ? [] : occupied(answers.dir, ctx.cwd);
    if (entries.length === 0) break;
    const choice = await chooseForFullFolder(answers.dir, entries);
    if (choice === 'cancel') {
      p.cancel('Cancelled; nothing was written.');
      throw new PromptCancelled();
    }
    if (choice === 'force') {
      force = true;
      break;
    }
    answers.dir = undefined;
  }
  for (const option of options.filter((o) => o.key !== 'dir')) {
    const value = await ask(option, { ...ctx, answers });
    (answers as Record<string, unknown>)[option.key] = value;
  }
  return { answers, force };
}

/** The steps of the run, reported inside the frame the prompts drew. */
export const framedReporter: Reporter = {
  framed: true,
  done: (line) => p.log.success(line),
  info: (line) => p.log.info(line),
  warn: (line) => p.log.warn(line),
  detail: (line) => p.log.message(line, { spacing: 0 }),
  closing: ({ made, run, again }) => {
    p.note(made.lines.join('\n'), made.title);
    p.note(run.lines.join('\n'), run.title);
    // Three columns are the frame's; a wrapped line would break it and the copy.
    if (again) p.log.message(`${again.title}:\n${colors.cyan(wrapWords(again.words, (process.stdout.columns || 80) - 4).join('\n'))}`);
    p.outro('Done.');
  },
};
