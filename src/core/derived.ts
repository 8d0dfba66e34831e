import type { Catalog } from './catalog.js';
import type { PortModel, UseCaseModel } from './use-cases.js';

/**
 * Names derived from the use cases and ports must be as unique as the names themselves:
 * PascalCase folds `get_v_2x` and `get_v2x` into `GetV2x`, upper-casing and pluralising can
 * fold two ports into one environment variable or entity. Checked before anything is rendered.
 */

/** pytest's own fixtures and those the generated tests define: a port is a fixture named after it. */
const FIXTURE_NAMES = new Set(
  (
    'cache capfd capfdbinary caplog capsys capsysbinary doctest_namespace monkeypatch pytestconfig pytester ' +
    'record_property record_testsuite_property record_xml_attribute recwarn request testdir tmp_path ' +
    'tmp_path_factory tmpdir tmpdir_factory subtests memory_adapters adapter empty_registry http openapi client'
  ).split(' '),
);

/**
 * CloudFormation logical ids of the SAM template (templates/entry-points/lambda/template.yaml.ejs)
 * that do not come from a use case, including those SAM derives itself. Parameters, resources and
 * outputs share one namespace.
 */
const FIXED_LOGICAL_IDS = ['Adapter', 'RouterFunction', 'RouterFunctionRole', 'DeadLetterQueue', 'ServerlessHttpApi', 'ServerlessHttpApiApiGatewayDefaultStage', 'ApiUrl'];
/** CloudFormation's limit on a logical id. */
const MAX_LOGICAL_ID = 255;

/** The template's parameter name for an environment variable: MONGO_URL → MongoUrl. */
export const parameterId = (name: string) => name.toLowerCase().replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/** The first two items sharing a derived form, with that form. */
function firstClash<T>(items: readonly T[], form: (item: T) => string): [T, T, string] | undefined {
  const seen = new Map<string, T>();
  for (const item of items) {
    const key = form(item);
    const other = seen.get(key);
    if (other !== undefined) return [other, item, key];
    seen.set(key, item);
  }
  return undefined;
}

/** Logical ids a use case gives the SAM template: its HTTP event, and for a consumer its queue and event. */
function logicalIdsOf(uc: UseCaseModel): string[] {
  const numbered = uc.consumers.length > 1;
  return [
    `${uc.className}Http`,
    ...uc.consumers.flatMap((_, i) => [`${uc.className}Queue${numbered ? i + 1 : ''}`, `${uc.className}Messages${numbered ? i + 1 : ''}`]),
  ];
}

export function derivedProblem(useCases: readonly UseCaseModel[], ports: readonly PortModel[], catalog: Catalog): string | undefined {
  const classes = firstClash(useCases, (uc) => uc.className);
  if (classes) return `use cases ${classes[0].key} and ${classes[1].key} both become ${classes[2]} (a class and CloudFormation name); rename one`;

  for (const port of ports) {
    if (FIXTURE_NAMES.has(port.key)) return `port name "${port.key}" is a pytest fixture name the generated tests use; choose another port`;
  }
  const portClasses = firstClash(ports, (port) => port.className);
  if (portClasses) return `ports ${portClasses[0].key} and ${portClasses[1].key} both become the class ${portClasses[2]}; rename one`;
  const entities = firstClash(ports, (port) => port.entity);
  if (entities) return `ports ${entities[0].key} and ${entities[1].key} both name the entity ${entities[2]} (and {${entities[0].idParam}}); use one port`;

  const layerVariables = new Set([...catalog.entryPoints, ...catalog.adapters].flatMap((layer) => layer.env.map((v) => v.name)));
  for (const port of ports) {
    const variable = `${port.key.toUpperCase()}_ADAPTER`;
    if (layerVariables.has(variable) || variable === 'ADAPTER') return `port ${port.key}'s environment variable ${variable} is already taken; choose another port`;
  }

  const queues = firstClash(useCases.flatMap((uc) => uc.consumers.map((c) => ({ uc, queue: c.queue }))), (c) => c.queue);
  if (queues) return `use cases ${queues[0].uc.key} and ${queues[1].uc.key} both get the queue ${queues[2]}; rename one`;

  const fixed = [...FIXED_LOGICAL_IDS, ...[...layerVariables].map(parameterId)];
  const ids = [...fixed.map((id) => ({ id, owner: 'the SAM template' })), ...useCases.flatMap((uc) => logicalIdsOf(uc).map((id) => ({ id, owner: `use case ${uc.key}` })))];
  const logical = firstClash(ids, (entry) => entry.id);
  if (logical) return `${logical[1].owner} and ${logical[0].owner} both name the CloudFormation resource ${logical[2]}; rename the use case`;
  const long = ids.find((entry) => entry.id.length > MAX_LOGICAL_ID || !/^[A-Za-z0-9]+$/.test(entry.id));
  if (long) return `${long.owner} gives the CloudFormation logical id ${long.id}, which is not alphanumeric or too long`;
  return undefined;
}
