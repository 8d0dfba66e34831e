import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { markdownText, pyString, tomlString, yamlString } from '../../src/render/escape.js';

const nasty = `Bob's "quoted" \\ back <%= x %> \${y} \u2028 tab\there`;

describe('escapers', () => {
  it('YAML round-trips any text', () => {
    expect(parse(`k: ${yamlString(nasty)}`)).toEqual({ k: nasty });
  });

  it('TOML basic strings escape quotes, backslashes and control characters', () => {
    expect(tomlString('a"b\\c\td')).toBe('"a\\"b\\\\c\\td"');
  });

  it('Python strings use the quote ruff format prefers', () => {
    expect(pyString('plain')).toBe('"plain"');
    expect(pyString('say "hi"')).toBe(`'say "hi"'`);
    expect(pyString(`it's "both"`)).toBe(`'it\\'s "both"'`);
    expect(pyString(`it's 'both' "x"`)).toBe(`"it's 'both' \\"x\\""`);
  });

  it('Markdown shows text literally', () => {
    expect(markdownText('a *b* <c>')).toBe('a \\*b\\* \\<c\\>');
  });
});
