import * as p from '@clack/prompts';
import { CliError, ExitCode } from '../errors.js';
import type { AnswerContext, AnswerOption, CreateAnswers } from './create-options.js';

/** Loaded only on the interactive path, so --help and CI runs never pay for it. */
export class PromptCancelled extends CliError {
  constructor() {
    super('cancelled; nothing was written', ExitCode.cancelled);
  }
}

function orCancel<T>(value: T): Exclude<T, symbol> {
  if (typeof value === 'symbol') {
    p.cancel('Cancelled; nothing was written.');
    throw new PromptCancelled();
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

async function ask(option: AnswerOption, ctx: AnswerContext): Promise<CreateAnswers[keyof CreateAnswers]> {
  const initial = option.defaultValue(ctx);
  const { message, type } = option.prompt;
  if (type === 'confirm') {
    return orCancel(await p.confirm({ message, initialValue: initial as boolean }));
  }
  if (type === 'multiselect') {
    const options = option.choices!(ctx.catalog);
    return orCancel(
      await p.multiselect({ message, options, initialValues: initial as string[], required: true }),
    ) as string[];
  }
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

/** Asks, in schema order, every question no flag answered. Invalid answers are re-asked inline. */
export async function promptFor(options: AnswerOption[], ctx: AnswerContext): Promise<Partial<CreateAnswers>> {
  p.intro('create-bisslog-service');
  const answers: Partial<CreateAnswers> = { ...ctx.answers };
  for (const option of options) {
    const value = await ask(option, { ...ctx, answers });
    (answers as Record<string, unknown>)[option.key] = value;
  }
  return answers;
}
