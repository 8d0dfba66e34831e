import { helpers } from '../render/escape.js';
import { compiled } from '../render/render.js';
import type { TemplateSet } from '../core/files.js';

/** The templates new code of a team's project is written from (templates/team/). */
export const TEAM_TEMPLATES = {
  useCase: 'team/use-case.py.ejs',
  test: 'team/test-use-case.py.ejs',
  port: 'team/port.py.ejs',
  adapter: 'team/adapter.py.ejs',
  adapterTest: 'team/test-adapter.py.ejs',
} as const;

/** `from module import name` as ruff formats it: parenthesized when the line is too long. */
export function fromImport(module: string, name: string, width: number): string {
  const line = `from ${module} import ${name}`;
  return line.length <= width ? line : `from ${module} import (\n    ${name},\n)`;
}

/** Renders one team template with `data` (as `it`, with the escapers as `it.h`); pure. */
export function renderTeam(templates: TemplateSet, path: string, data: Record<string, unknown>): string {
  const source = templates.get(path);
  if (source === undefined) throw new Error(`no template ${path}`);
  return `${compiled<Record<string, unknown>>(path, source)({ ...data, h: helpers, fromImport }).trimEnd()}\n`;
}
