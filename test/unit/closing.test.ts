import { describe, expect, it } from 'vitest';
import { serviceNameProblem, suggestServiceName } from '../../src/core/names.js';
import { linesThatMatter } from '../../src/cli/install-step.js';
import { fitLine } from '../../src/cli/spinner.js';
import { wrapWords } from '../../src/cli/summary.js';

describe('suggestServiceName', () => {
  it.each([
    ['123', 'service-123'],
    ['123 orders', 'orders'],
    ['--', 'service'],
    ['con', 'con-service'],
    ['Gestión 2', 'gestion-2'],
  ])('%s → %s, itself a valid name', (name, suggestion) => {
    expect(suggestServiceName(name)).toBe(suggestion);
    expect(serviceNameProblem(suggestion)).toBeUndefined();
  });
});

describe('fitLine', () => {
  it('keeps a short line and cuts a long one to the width, on one line', () => {
    expect(fitLine('short', 10)).toBe('short');
    expect(fitLine('a'.repeat(30), 10)).toBe(`${'a'.repeat(9)}…`);
    expect(fitLine('two\nlines\tand \x1b[31mcolour\x1b[0m', 80)).toBe('two lines and colour');
    expect([...fitLine('é'.repeat(50), 20)]).toHaveLength(20);
  });
});

describe('wrapWords', () => {
  it('breaks between words with a continuation, never inside a quoted word', () => {
    const words = ['npx', 'create-bisslog-service@0.1.0', 'svc', '--name', "'Order desk'", '--entry', 'flask,fastapi', '--no-install'];
    const lines = wrapWords(words, 40);
    expect(lines.every((line) => line.length <= 40)).toBe(true);
    expect(lines.slice(0, -1).every((line) => line.endsWith(' \\'))).toBe(true);
    expect(lines.map((line) => line.replace(/ \\$/, '').trim()).join(' ')).toBe(words.join(' '));
  });
});

describe('linesThatMatter', () => {
  it("takes pip's ERROR: lines from the failed step only", () => {
    const log = '$ python3 -m venv .venv\nERROR: not this step\n$ .venv/bin/python -m pip install\nCollecting x\nERROR: No matching distribution found for x\n[notice] upgrade pip\n';
    expect(linesThatMatter(log)).toEqual(['ERROR: No matching distribution found for x']);
  });

  it("takes uv's error block from `error:` on, else the last lines", () => {
    expect(linesThatMatter('$ uv pip install\nResolved 3\nerror: Failed to fetch\n  Caused by: timeout\n')).toEqual(['error: Failed to fetch', '  Caused by: timeout']);
    const plain = Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\n');
    expect(linesThatMatter(`$ step\n${plain}\n`)).toEqual(['line 4', 'line 5', 'line 6', 'line 7', 'line 8', 'line 9']);
  });
});
