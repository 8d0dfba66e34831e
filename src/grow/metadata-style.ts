import { yamlString } from '../render/escape.js';

/**
 * How a team writes its metadata.yml, so an inserted entry looks like its neighbours: the
 * indentation of mappings, where a list's `-` sits under its key and how far its item follows,
 * and whether strings are quoted.
 */
export interface MetadataStyle {
  indent: number;
  /** Spaces from a key to the `-` of its list's items (0 in `triggers:\n- type: http`). */
  sequenceIndent: number;
  /** Spaces between `-` and the item's first key. */
  dashGap: number;
  quoted: boolean;
}

export function detectMetadataStyle(text: string): MetadataStyle {
  const entry = text.match(/^use_cases:[^\n]*\n(?:[ \t]*(?:#[^\n]*)?\n)*( +)\w+:[^\n]*\n(?:[ \t]*(?:#[^\n]*)?\n)*( +)\w/m);
  const indent = entry ? Math.max(1, entry[2]!.length - entry[1]!.length) : 2;
  const seq = text.match(/^( *)\w+:[ \t]*\n( *)-( +)\S/m);
  const quotedNames = (text.match(/^ +name: ["']/gm) ?? []).length;
  const plainNames = (text.match(/^ +name: [^"'\s]/gm) ?? []).length;
  return {
    indent,
    sequenceIndent: seq ? seq[2]!.length - seq[1]!.length : indent,
    dashGap: seq ? seq[3]!.length : 1,
    quoted: quotedNames >= plainNames,
  };
}

const YAML_WORDS = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

function scalar(value: string, quoted: boolean): string {
  const plain = !quoted && /^[A-Za-z/][\w ./{}-]*$/.test(value) && !YAML_WORDS.test(value) && !/\s$/.test(value);
  return plain ? value : yamlString(value);
}

type Value = string | Value[] | { [key: string]: Value };

/**
 * One use-case entry as block YAML, its key at column 0, in the team's style. Entries of a
 * `mapper` stay plain (they are dotted paths and argument names, plain in every bisslog file).
 */
export function metadataEntry(key: string, value: { [key: string]: Value }, style: MetadataStyle): string {
  const lines: string[] = [];
  const emit = (map: { [key: string]: Value }, indent: number, plain: boolean, firstPrefix?: string) => {
    Object.entries(map).forEach(([name, item], index) => {
      const pad = index === 0 && firstPrefix !== undefined ? firstPrefix : ' '.repeat(indent);
      if (typeof item === 'string') lines.push(`${pad}${name}: ${plain ? item : scalar(item, style.quoted)}`);
      else if (Array.isArray(item)) {
        lines.push(`${pad}${name}:`);
        const dash = indent + style.sequenceIndent;
        for (const element of item) {
          if (typeof element === 'object' && !Array.isArray(element)) emit(element, dash + 1 + style.dashGap, false, `${' '.repeat(dash)}-${' '.repeat(style.dashGap)}`);
          else if (typeof element === 'string') lines.push(`${' '.repeat(dash)}- ${scalar(element, style.quoted)}`);
        }
      } else {
        lines.push(`${pad}${name}:`);
        emit(item, indent + style.indent, name === 'mapper');
      }
    });
  };
  lines.push(`${key}:`);
  emit(value, style.indent, false);
  return `${lines.join('\n')}\n`;
}
