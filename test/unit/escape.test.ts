import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { displayWidth, markdownText, pyString, tomlString, yamlString } from '../../src/render/escape.js';

const nasty = `Bob's "quoted" \\ back <%= x %> \${y} \u2028 tab\there`;

describe('escapers', () => {
  it('YAML round-trips any text', () => {
    expect(parse(`k: ${yamlString(nasty)}`)).toEqual({ k: nasty });
  });

  it('escapes each special character on its own too (texts without one are returned as they are)', () => {
    for (const special of ['\\', '"', '\n', '\t', '\r', '\x00', '\x1f', '\x7f', '\u2028', '\u2029']) {
      const text = `a${special}b`;
      expect(yamlString(text), JSON.stringify(special)).not.toBe(`"${text}"`);
      expect(parse(`k: ${yamlString(text)}`), JSON.stringify(special)).toEqual({ k: text });
    }
    expect(yamlString("plain 'text' é")).toBe(`"plain 'text' é"`);
  });

  it('counts the columns ruff counts: one per character, two for wide ones', () => {
    expect(displayWidth('plain ascii')).toBe(11);
    expect(displayWidth('café \u10ff')).toBe(6);
    expect(displayWidth('\u1100')).toBe(2);
    expect(displayWidth('注文')).toBe(4);
    expect(displayWidth('ok 😀')).toBe(5);
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
