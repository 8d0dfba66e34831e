#!/usr/bin/env node
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import nodeModule, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { Command } from './src/cli/main.js';

/** Defined by the bundler, like dist/help.json: the bin only ever runs bundled. */
declare const __PACKAGE_VERSION__: string;

/** Per command, its help and the words that take the next word as their value (src/cli/help.ts). */
type Baked = Record<Command | 'create', { help: string; takesValue: string[] }>;

const nameOf = (word: string) => word.split('=', 1)[0]!;
const ASKS = ['-h', '--help', '-v', '--version'];

/**
 * --help or --version, when one is a flag of its own on the line and not the value of the flag
 * before it (`--description -v` is not --version; the command's parser reports the missing
 * value, by the same rule as isFlagWord in src/cli/args.ts). Reads dist/help.json only when
 * one of them is on the line, and loads nothing else.
 */
function earlyAnswer(words: string[]): string | undefined {
  if (!words.some((word) => ASKS.includes(nameOf(word)))) return undefined;
  const baked = JSON.parse(readFileSync(new URL('./help.json', import.meta.url), 'utf8')) as Baked;
  const command = Object.hasOwn(baked, words[0] ?? '') && words[0] !== 'create' ? (words[0] as Command) : 'create';
  const { help, takesValue } = baked[command];
  for (let i = command === 'create' ? 0 : 1; i < words.length; i++) {
    const word = words[i]!;
    if (nameOf(word) === '-h' || nameOf(word) === '--help') return help;
    if (nameOf(word) === '-v' || nameOf(word) === '--version') return `${__PACKAGE_VERSION__}\n`;
    if (takesValue.includes(word)) {
      const value = words[i + 1];
      if (value === undefined || (value.startsWith('-') && value !== '-')) return undefined;
      i += 1;
    }
  }
  return undefined;
}

/** Set by scripts/build.mjs for the one run that records the code cache shipped beside the CLI. */
const RECORD_CODE_CACHE = 'CREATE_BISSLOG_SERVICE_RECORD_CODE_CACHE';

type Main = (argv: string[]) => Promise<number>;

const WRAPPER = ['(function (exports, require, module, __filename, __dirname) {', '\n})'];

/**
 * The script inside Node's own wrapper for CommonJS modules, so that it runs alike either way.
 * Read into one buffer between the wrapper's two halves and decoded once: joining strings would
 * make V8 copy the 0.7 MB source once more when it compiles. ASCII, as scripts/build.mjs checks,
 * so Latin-1 decodes it exactly, without the work of UTF-8.
 */
function wrappedSource(filename: string): string {
  const fd = openSync(filename, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.allocUnsafe(WRAPPER[0]!.length + size + WRAPPER[1]!.length);
    buffer.write(WRAPPER[0]!, 0, 'latin1');
    for (let at = 0; at < size; ) {
      const read = readSync(fd, buffer, WRAPPER[0]!.length + at, size - at, at);
      if (read === 0) throw new Error(`${filename} shrank while it was read`);
      at += read;
    }
    buffer.write(WRAPPER[1]!, WRAPPER[0]!.length + size, 'latin1');
    return buffer.toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/**
 * The CLI is one CommonJS script (dist/cli.cjs). Where the package ships V8's code cache for
 * this V8 version and architecture, the script runs with it and V8 skips parsing and compiling
 * what a scaffold runs (a cache V8 rejects is ignored). Elsewhere it is required as usual, with
 * Node's own compile cache where Node has one (22.1 and later).
 */
function loadCli(): Main {
  const file = new URL('./cli.cjs', import.meta.url);
  const cacheFile = new URL(`./cli-${process.versions.v8}-${process.arch}.cache`, import.meta.url);
  const recording = process.env[RECORD_CODE_CACHE] === '1';
  const require = createRequire(file);
  if (!recording && !existsSync(cacheFile)) {
    (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
    return (require(fileURLToPath(file)) as { main: Main }).main;
  }
  const filename = fileURLToPath(file);
  const script = new Script(wrappedSource(filename), { filename, cachedData: recording ? undefined : readFileSync(cacheFile) });
  if (recording) process.on('exit', () => writeFileSync(cacheFile, script.createCachedData()));
  const module = { exports: {} as { main: Main } };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, filename, dirname(filename));
  return module.exports.main;
}

const argv = process.argv.slice(2);
const answer = earlyAnswer(argv.filter((arg) => arg !== '--' && arg !== '--json'));
if (answer !== undefined) process.stdout.write(answer);
else void loadCli()(argv).then((code) => {
  process.exitCode = code;
});
