import { byKey } from '../core/compare.js';

/**
 * Escapers for every language the templates write. Templates print user text only
 * through these (with `<%-`), never raw.
 */

/** What escapeControl rewrites besides the quote: most texts hold none, and are returned as they are. */
// eslint-disable-next-line no-control-regex
const ESCAPED = /[\\\x00-\x1f\x7f\u2028\u2029]/;

function escapeControl(value: string, quoteChar: string): string {
  if (!ESCAPED.test(value) && !value.includes(quoteChar)) return value;
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quoteChar) out += `\\${quoteChar}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out;
}

/** A YAML double-quoted scalar. */
export function yamlString(value: string): string {
  return `"${escapeControl(value, '"')}"`;
}

/** A TOML basic string. */
export function tomlString(value: string): string {
  return `"${escapeControl(value, '"')}"`;
}

/** How many times `char` occurs in `text`, without splitting it into pieces. */
function occurrences(text: string, char: string): number {
  let count = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) count++;
  return count;
}

/** A Python string literal, quoted the way `ruff format` would leave it. */
export function pyString(value: string): string {
  // ruff keeps double quotes unless single ones need fewer escapes.
  const quoteChar = value.includes('"') && occurrences(value, '"') > occurrences(value, "'") ? "'" : '"';
  return `${quoteChar}${escapeControl(value, quoteChar)}${quoteChar}`;
}

/** One POSIX shell word: as is when it holds no special character, else single-quoted. */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Text that Markdown shows literally. */
export function markdownText(value: string): string {
  return value.replace(/([\\`*_{}[\]()<>#+!|~])/g, '\\$1');
}

/** A Python tuple of string literals: `("a",)` for one item. */
function pyTuple(values: readonly string[]): string {
  return `(${values.map(pyString).join(', ')}${values.length === 1 ? ',' : ''})`;
}

/** `NAME = (...)` as ruff formats it: on one line when it fits in 100 columns, else one item a line. */
export function pyTupleAssign(name: string, values: readonly string[]): string {
  const line = `${name} = ${pyTuple(values)}`;
  if (displayWidth(line) <= 100 || values.length === 1) return line;
  return `${name} = (\n${values.map((v) => `    ${pyString(v)},\n`).join('')})`;
}

/** A call with one argument a line and a magic trailing comma, so ruff keeps it whatever the names' length. */
export function pyCall(name: string, args: readonly string[], indent: number): string {
  if (args.length === 0) return `${name}()`;
  return `${name}(\n${args.map((a) => `${' '.repeat(indent + 4)}${a},\n`).join('')}${' '.repeat(indent)})`;
}

/** Columns as ruff counts them: East Asian wide characters and emoji take two. */
export function displayWidth(text: string): number {
  // Below U+1100 every character takes one column, and one UTF-16 unit.
  if (!/[^\u0000-\u10ff]/.test(text)) return text.length;
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const wide =
      (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
      (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x1f300 && code <= 0x1f64f) ||
      (code >= 0x1f900 && code <= 0x1f9ff) || (code >= 0x20000 && code <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

/** `NAME = "text"` as ruff formats it: parenthesised when only that makes it fit in 100 columns. */
export function pyAssign(name: string, value: string): string {
  const literal = pyString(value);
  const line = `${name} = ${literal}`;
  if (displayWidth(line) <= 100 || displayWidth(literal) + 4 > 100) return line;
  return `${name} = (\n    ${literal}\n)`;
}

/**
 * `head(body)tail` at `indent`, on one line when it fits in 100 columns, else split the way
 * `ruff format` splits the last brackets: the body on a line of its own.
 */
export function pySplit(indent: number, head: string, body: string, tail = '', brackets = '()'): string {
  const pad = ' '.repeat(indent);
  const [open, close] = [brackets[0]!, brackets[1]!];
  const line = `${pad}${head}${open}${body}${close}${tail}`;
  return displayWidth(line) <= 100 ? line : `${pad}${head}${open}\n${pad}    ${body}\n${pad}${close}${tail}`;
}

/** `from module import …` statements in the order ruff's isort rule keeps them (by module). */
export function pyImports(statements: ReadonlyArray<readonly [module: string, statement: string]>): string {
  return [...statements]
    .sort(byKey)
    .map(([, statement]) => statement)
    .join('\n');
}

/** What tests put in a path parameter that scopes a record (`/shops/{shop_id}/orders`). */
export const SCOPE_SAMPLE = 's-1';

/**
 * A Python string for a concrete path of `template`: parameters named in `exprs` become
 * f-string fields holding those Python expressions, the others SCOPE_SAMPLE; `suffix` (a query
 * string) may hold f-string fields of its own.
 */
export function pyPath(template: string, exprs: Record<string, string> = {}, suffix = ''): string {
  let dynamic = suffix.includes('{');
  const text = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const expr = exprs[name];
    if (expr === undefined) return SCOPE_SAMPLE;
    if (/^"[\w-]*"$/.test(expr)) return expr.slice(1, -1); // a literal: no f-string field needed
    dynamic = true;
    return `{${expr}}`;
  });
  return `${dynamic ? 'f' : ''}"${text}${suffix}"`;
}

/** A Python dict literal of a record's fields plus the scope fields its path gives it. */
export function pySeed(scopeParams: readonly string[], fields: Record<string, string>): string {
  const all = { ...fields, ...Object.fromEntries(scopeParams.map((p) => [p, SCOPE_SAMPLE])) };
  return `{${Object.entries(all).map(([k, v]) => `${pyString(k)}: ${pyString(v)}`).join(', ')}}`;
}

/** A CloudFormation logical id from a name: `order-events` → `OrderEvents` (letters and digits only). */
export function cfnId(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/** Where a deployment puts a queue's URL; src/infra/settings.py's queue_url_variable says the same. */
export function queueUrlVariable(queue: string): string {
  return `SQS_QUEUE_${queue.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export const helpers = {
  cfnId,
  queueUrlVariable,
  pyAssign,
  pyCall,
  pySplit,
  pyTupleAssign,
  pyPath,
  pySeed,
  pyImports,
  yaml: yamlString,
  toml: tomlString,
  py: pyString,
  md: markdownText,
  shell: shellWord,
  json: (value: unknown) => JSON.stringify(value),
};
