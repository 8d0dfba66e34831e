import { escapeUnsafe } from './names.js';

/** Exit codes are part of the CLI contract (documented in --help and the README). */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  installFailed: 3,
  cancelled: 130,
  terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error meant for the user: printed as one line, no stack trace. Its `cause` (a read error,
 * a YAML error with its line and column, git's stderr) is kept and printed on the same line.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue = ExitCode.usage,
    options?: { cause?: unknown; reported?: boolean },
  ) {
    super(message, { cause: options?.cause });
    this.name = 'CliError';
    this.reported = options?.reported === true;
  }

  /** Already told to the user (a cancelled prompt prints its own line): only the exit code is left. */
  readonly reported: boolean;
}

export const usageError = (message: string, options?: { cause?: unknown }) => new CliError(message, ExitCode.usage, options);

/** What one error says, on one line: the first line of a YAML error still names line and column. */
function ownText(error: unknown): string {
  if (!(error instanceof Error)) return String(error).replace(/\s+/g, ' ').trim();
  const text = error.name === 'YAMLParseError' ? (error.message.split('\n')[0] ?? '').replace(/:$/, '') : error.message;
  return text.replace(/\s+/g, ' ').trim();
}

/** An error and the chain of its causes, on one line: `message: cause: its cause`. */
export function oneLine(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 5; depth++) {
    const text = ownText(current);
    if (text !== '' && !parts.some((part) => part.includes(text))) parts.push(text.length > 300 ? `${text.slice(0, 297)}...` : text);
    current = current instanceof Error ? current.cause : undefined;
  }
  // Controls and bidi characters from a name or a path must not reach the terminal as such.
  return escapeUnsafe(parts.join(': '));
}
