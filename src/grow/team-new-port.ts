import { toPascalCase } from '../core/names.js';
import type { Kind, UseCaseModel } from '../core/use-cases.js';
import type { FileMap, TemplateSet } from '../core/files.js';
import type { Conventions } from './conventions.js';
import type { PyMethod } from './python-source.js';
import { TEAM_TEMPLATES, renderTeam } from './team-render.js';
import { type TeamPort, moduleOf } from './team-ports.js';

/**
 * A port a team project does not have yet, in its conventions: the Division with the one method
 * the new use case calls, an in-memory adapter where the team keeps adapters, and its test.
 * Registering the adapter would mean editing the team's setup, so that is printed instead.
 */
export interface NewPort {
  port: TeamPort;
  files: FileMap;
  /** The exact lines to add by hand, and where. */
  wiring: string[];
}

interface MethodShape {
  name: string;
  body?: 'data' | 'changes';
  filters?: boolean;
  returns: string;
  doc: string;
}

function methodShape(kind: Kind, uc: UseCaseModel): MethodShape {
  const { entity, key } = uc.port;
  switch (kind) {
    case 'create':
    case 'command':
      return { name: `save_${entity}`, body: 'data', returns: 'str', doc: `Stores a new ${entity} and returns its id.` };
    case 'get':
      return { name: `get_${entity}`, returns: 'Optional[dict]', doc: `The ${entity}, or None.` };
    case 'list':
      return { name: `list_${key}`, filters: true, returns: 'List[dict]', doc: `The ${key} whose fields equal the filters.` };
    case 'update':
    case 'action':
      return { name: `update_${entity}`, body: kind === 'update' ? 'changes' : 'data', returns: 'Optional[dict]', doc: `Merges the fields into the ${entity}; None when there is none.` };
    case 'delete':
      return { name: `delete_${entity}`, returns: 'bool', doc: `Deletes the ${entity}; False when there was none.` };
  }
}

/**
 * `open items close` on one line when it fits `width` at `indent`, else one item a line with a
 * trailing comma, which ruff format keeps as it is.
 */
export function wrapped(open: string, items: string[], close: string, indent: number, width: number): string[] {
  const line = `${open}${items.join(', ')}${close}`;
  if (indent + line.length <= width || items.length === 0) return [line];
  return [open, ...items.map((item) => `    ${item},`), close];
}

const pyDict = (names: string[]) => `{${names.map((n) => `"${n}": ${n}`).join(', ')}}`;

/** The adapter's method body, and a test that drives it through one round trip (lines at 8 and 4 spaces). */
function adapterCode(kind: Kind, uc: UseCaseModel, shape: MethodShape, width: number): { body: string[]; test: string[] } {
  const idParam = uc.http.idParam ?? uc.port.idParam;
  const scope = uc.http.params.filter((p) => p !== idParam);
  const scopeDict = pyDict(scope);
  const sample = (p: string) => `"${p.replace(/_/g, '-')}-1"`;
  const pathArgs = uc.http.params.map((p) => `${p}=${sample(p)}`);
  const record = (id: string, value: string) => wrapped(`adapter._records[${id}] = {`, [...scope.map((p) => `"${p}": ${sample(p)}`), ...(id === sample(idParam) ? [`"${idParam}": ${id}`] : []), `"field": ${value}`], '}', 4, width);
  const call = (target: string, extra: string[]) => wrapped(`${target} = adapter.${shape.name}(`, [...pathArgs, ...extra], ')', 4, width);
  switch (kind) {
    case 'create':
    case 'command':
      return {
        body: ['record_id = uuid.uuid4().hex', ...wrapped('self._records[record_id] = {', [`**${shape.body}`, ...scope.map((p) => `"${p}": ${p}`), `"${idParam}": record_id`], '}', 8, width), 'return record_id'],
        test: [...call('first', ['data={"field": "value"}']), ...call('second', ['data={"field": "other"}']), '', 'assert first != second', 'assert adapter._records[first]["field"] == "value"'],
      };
    case 'get':
      return {
        body: [`record = self._records.get(${idParam})`, `return record if self._in_scope(record, ${scopeDict}) else None`],
        test: [...record(sample(idParam), '"value"'), ...call('found', []), ...wrapped(`missing = adapter.${shape.name}(`, uc.http.params.map((p) => `${p}="other"`), ')', 4, width), '', 'assert found["field"] == "value"', 'assert missing is None'],
      };
    case 'list':
      return {
        body: [`wanted = {${['**(filters or {})', ...scope.map((p) => `"${p}": ${p}`)].join(', ')}}`, 'return [r for r in self._records.values() if self._in_scope(r, wanted)]'],
        test: [...record('"a"', '"value"'), ...record('"b"', '"other"'), ...call('matching', ['filters={"field": "value"}']), ...call('every', []), '', 'assert matching == [adapter._records["a"]]', 'assert len(every) == 2'],
      };
    case 'update':
    case 'action':
      return {
        body: [`record = self._records.get(${idParam})`, `if not self._in_scope(record, ${scopeDict}):`, '    return None', `record.update(${shape.body})`, 'return record'],
        test: [...record(sample(idParam), '"value"'), ...call('updated', [`${shape.body}={"field": "new"}`]), '', 'assert updated["field"] == "new"', `assert adapter._records[${sample(idParam)}]["field"] == "new"`],
      };
    case 'delete':
      return {
        body: [`if not self._in_scope(self._records.get(${idParam}), ${scopeDict}):`, '    return False', `del self._records[${idParam}]`, 'return True'],
        test: [...record(sample(idParam), '"value"'), ...call('first', []), ...call('again', []), '', 'assert first is True', 'assert again is False'],
      };
  }
}

export function newTeamPort(uc: UseCaseModel, conventions: Conventions, templates: TemplateSet): NewPort {
  const key = uc.port.key;
  const shape = methodShape(uc.kind, uc);
  const file = conventions.portFile.replaceAll('{port}', key);
  const tech = conventions.memoryTech;
  const adapterFile = conventions.adapterFile.replaceAll('{port}', key).replaceAll('{tech}', tech);
  const className = conventions.portClass.replace('{Port}', toPascalCase(key));
  const adapterClass = conventions.adapterClass.replace('{Port}', toPascalCase(key)).replace('{Tech}', toPascalCase(tech));
  const params = [...uc.http.params.map((p) => ({ name: p, annotation: 'str', hasDefault: false })), ...(shape.body ? [{ name: shape.body, annotation: 'dict', hasDefault: false }] : []), ...(shape.filters ? [{ name: 'filters', annotation: 'Optional[dict]', hasDefault: true }] : [])];
  const method: PyMethod = { name: shape.name, params, returns: shape.returns };
  const declared = params.map((p) => `${p.name}: ${p.annotation}${p.hasDefault ? ' = None' : ''}`);
  const signature = wrapped(`def ${shape.name}(`, ['self', ...declared], `) -> ${shape.returns}:`, 4, conventions.lineLength).map((line) => `    ${line}`);
  const code = adapterCode(uc.kind, uc, shape, conventions.lineLength);
  const typing = ['List', 'Optional'].filter((t) => `${declared.join(' ')} ${shape.returns}`.includes(`${t}[`));
  const view = {
    key,
    className,
    lineLength: conventions.lineLength,
    module: moduleOf(file),
    adapterDir: adapterFile.slice(0, adapterFile.lastIndexOf('/')),
    typing,
    method: { name: shape.name, signature, doc: shape.doc },
    adapter: {
      className: adapterClass,
      module: moduleOf(adapterFile),
      body: code.body,
      test: code.test,
      testName: `${key}_${tech}_${shape.name}`,
      usesUuid: code.body.some((l) => l.includes('uuid.')),
      typing: [...new Set(['Optional', ...typing])].sort(),
    },
  };
  const files: FileMap = new Map([
    [file, renderTeam(templates, TEAM_TEMPLATES.port, { port: view })],
    [adapterFile, renderTeam(templates, TEAM_TEMPLATES.adapter, { port: view })],
    [`${conventions.tests}/test_${key}_${tech}.py`, renderTeam(templates, TEAM_TEMPLATES.adapterTest, { port: view })],
  ]);
  const register = `${key}=${adapterClass}()`;
  const wiring = conventions.registration
    ? [
        `Register the adapter by hand in ${conventions.registration} (this tool does not rewrite your setup):`,
        `    from ${view.adapter.module} import ${adapterClass}`,
        `    and add ${register} to its register_adapters(...) call`,
      ]
    : [`Register the adapter before any use case runs (no register_adapters(...) call was found):`, `    from bisslog import bisslog_db`, `    from ${view.adapter.module} import ${adapterClass}`, `    bisslog_db.register_adapters(${register})`];
  return {
    port: { key, className, file, module: view.module, methods: [method], adapters: [{ className: adapterClass, file: adapterFile, tech }], registered: false },
    files,
    wiring,
  };
}
