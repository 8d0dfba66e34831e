import type { FlagSpec } from './args.js';

/** What every command's --help is made of: its flags, and the text around them. */
export interface CommandSchema {
  /** The command's name on the line, as the bin dispatches it (create is the default). */
  name: 'create' | 'add' | 'check' | 'export' | 'adopt' | 'remove' | 'upgrade';
  /** Usage and what the command does, printed above the flags. */
  head: string;
  /** Every flag the command parses, in help order; `group` titles the blocks. */
  groups: Array<{ title: string; flags: FlagSpec[] }>;
  /** Printed below the flags: examples, exit codes. */
  tail: string;
}

/** Flags every command takes; the bin answers them before loading anything else. */
export const COMMON_FLAGS: FlagSpec[] = [
  { flag: 'help', short: 'h', kind: 'boolean', description: 'Show this help' },
  { flag: 'version', short: 'v', kind: 'boolean', description: 'Show the version' },
  { flag: 'json', kind: 'boolean', description: 'NDJSON events on stdout (event, path, action, message; a closing summary with the exit code); never asks' },
];

export const flagsOf = (schema: CommandSchema): FlagSpec[] => schema.groups.flatMap((group) => group.flags);

function forms(flag: FlagSpec): string {
  const long =
    flag.kind === 'boolean'
      ? `--${flag.flag}${flag.negatable ? `, --no-${flag.flag}` : ''}`
      : `--${flag.flag}${flag.valueName ? ` ${flag.valueName}` : ''}`;
  return flag.short ? `-${flag.short}, ${long}` : long;
}

/** The one help renderer: every command's --help is this function of its schema. */
export function renderHelp(schema: CommandSchema): string {
  const blocks = schema.groups.map(({ title, flags }) => {
    const lines = flags.filter((flag) => !flag.hidden).map((flag) => `  ${forms(flag).padEnd(28)} ${flag.description}`);
    return `${title}:\n${lines.join('\n')}`;
  });
  return `${schema.head.trimEnd()}\n\n${blocks.join('\n\n')}\n\n${schema.tail.trimEnd()}\n`;
}

/** The words after which the next word is a flag's value (for the bin, which parses nothing). */
export function valueTakingWords(schema: CommandSchema): string[] {
  return flagsOf(schema)
    .filter((flag) => flag.kind !== 'boolean')
    .flatMap((flag) => [`--${flag.flag}`, ...(flag.aliases ?? []).map((alias) => `--${alias}`), ...(flag.short ? [`-${flag.short}`] : [])]);
}

/** What the build bakes into dist/help.json for the bin: per command, its help and value flags. */
export interface BakedCommand {
  help: string;
  takesValue: string[];
}

export function bake(schemas: CommandSchema[]): Record<string, BakedCommand> {
  return Object.fromEntries(schemas.map((schema) => [schema.name, { help: renderHelp(schema), takesValue: valueTakingWords(schema) }]));
}
