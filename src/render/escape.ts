/**
 * Escapers for every language the templates write. Templates print user text only
 * through these (with `<%-`), never raw.
 */

function escapeControl(value: string, quoteChar: string): string {
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

/** A Python string literal, quoted the way `ruff format` would leave it. */
export function pyString(value: string): string {
  // ruff keeps double quotes unless single ones need fewer escapes.
  const count = (ch: string) => value.split(ch).length - 1;
  const quoteChar = count('"') > count("'") ? "'" : '"';
  return `${quoteChar}${escapeControl(value, quoteChar)}${quoteChar}`;
}

/** Text that Markdown shows literally. */
export function markdownText(value: string): string {
  return value.replace(/([\\`*_{}[\]()<>#+!|~])/g, '\\$1');
}

export const helpers = {
  yaml: yamlString,
  toml: tomlString,
  py: pyString,
  md: markdownText,
  json: (value: unknown) => JSON.stringify(value),
};
