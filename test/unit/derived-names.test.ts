import { describe, expect, it } from 'vitest';
import { escapeUnsafe, quote, textProblem } from '../../src/core/names.js';
import { buildModel, type ServiceSpec } from '../../src/core/spec.js';
import { oneLine, usageError } from '../../src/core/errors.js';
import { catalog } from './real-templates.js';

const spec = (useCases: ServiceSpec['useCases'], entryPoints = ['flask', 'lambda'], adapters = ['mongo']): ServiceSpec => ({
  name: 'svc', description: 'd', team: 't', entryPoints, adapters, useCases,
});
const problem = (s: ServiceSpec) => {
  try {
    buildModel(s, catalog);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('derived identifiers are valid and unique', () => {
  it.each([
    ['PascalCase folds a digit after _', ['get_v_2x', 'get_v2x'], /use cases get_v_2x and get_v2x both become GetV2x/],
    ['and ports, through their entities', ['create_x_1a', 'list_x1as'], /ports x_1as and x1as both become the class X1asDivision|ports x1as and x_1as both become the class X1asDivision/],
    ['two use cases, one class', ['send_a_1b', 'send_a1b'], /both become SendA1b/],
    ['a queue resource named like the dead-letter queue', ['dead_letter'], /DeadLetterQueue/],
    ['a port that is a pytest fixture', [{ name: 'get_order', port: 'monkeypatch' }], /"monkeypatch" is a pytest fixture name/],
    ['a port named like the conftest fixture', [{ name: 'get_order', port: 'memory_adapters' }], /pytest fixture name/],
    ['two ports, one entity', [{ name: 'get_order', port: 'order' }, 'list_orders'], /ports order and orders both name the entity order/],
    ['two ports, one class', [{ name: 'get_a', port: 'v_2xes' }, { name: 'get_b', port: 'v2xes' }], /both become the class V2xesDivision/],
    ['a derived port that starts with a digit', ['send_2fa'], /port name "2fas" must start with a letter/],
    ['a port whose variable is the adapter default', [{ name: 'get_order', port: 'mongo_url' }], undefined],
  ])('%s', (_, useCases, expected) => {
    const found = problem(spec(useCases as ServiceSpec['useCases']));
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(expected);
  });

  it('a queue-less project may use names a queue would clash with', () => {
    expect(problem(spec(['dead_letter'], ['flask']))).toBeUndefined();
  });
});

describe('invisible, control and direction characters', () => {
  it.each([
    ['NEL, a C1 line break', 'ab\u0085c', /single line/],
    ['another C1 control', 'ab\u0090c', /U\+0090/],
    ['a bidi override', 'ab\u202ec', /U\+202E, an invisible, control or text-direction character/],
    ['a bidi isolate', 'ab\u2067c', /U\+2067/],
    ['a zero-width space', 'a\u200bb', /U\+200B/],
    ['a zero-width joiner', 'a\u200db', /U\+200D/],
    ['a soft hyphen', 'a\u00adb', /U\+00AD/],
    ['a byte-order mark', '\ufeffab', /U\+FEFF/],
    ['an Arabic letter mark', 'a\u061cb', /U\+061C/],
    ['a tag character', 'a\u{E0041}b', /U\+E0041/],
    ['a lone surrogate', 'a\ud800b', /U\+D800/],
    ['a noncharacter', 'a\uffffb', /U\+FFFF/],
  ])('%s is refused in free text', (_, value, message) => {
    for (const what of ['service name', 'description', 'team']) expect(textProblem(what, value, { required: true })).toMatch(message);
  });

  it.each(['Gestión de pedidos', 'Bob’s «Orders» 😀', '日本語サービス', 'Ωmega — ünïcode'])('ordinary Unicode is accepted: %s', (value) => {
    expect(textProblem('description', value, { required: false })).toBeUndefined();
  });

  it('messages show such characters escaped, never raw', () => {
    expect(quote('a\u202eb\u0085')).toBe('"a\\u{202e}b\\u{85}"');
    expect(escapeUnsafe('x\u001b[31m')).toBe('x\\u{1b}[31m');
    expect(oneLine(usageError('bad \u202efolder', { cause: new Error('path \u0085 here') }))).toBe('bad \\u{202e}folder: path \\u{85} here');
  });
});
