import { describe, expect, it } from 'vitest';
import { identifierProblem, pluralize, singularize, slugProblem, textProblem, toPascalCase, toSlug, toSnakeCase } from '../../src/core/names.js';

describe('toSnakeCase', () => {
  it.each([
    ['createUser', 'create_user'],
    ['create-user', 'create_user'],
    ['Create User', 'create_user'],
    ['HTTPRequestLog', 'http_request_log'],
    ['already_snake', 'already_snake'],
  ])('%s → %s', (input, expected) => expect(toSnakeCase(input)).toBe(expected));
});

describe('identifierProblem', () => {
  it.each(['create_user', 'createUser', 'get-order', 'list items'])('accepts %s', (name) => {
    expect(identifierProblem('use case name', name)).toBeUndefined();
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['1st_order', 'must start with a letter'],
    ['class', 'Python keyword'],
    ['import', 'Python keyword'],
    ['list', 'shadow'],
    ['../etc', 'path separators'],
    ['a/b', 'path separators'],
    ['a\\b', 'path separators'],
    ['na"me', 'may only contain'],
    ['<%= x %>', 'must start with a letter'],
    ['${x}', 'must start with a letter'],
    ['crear_usuario_ñ', 'non-ASCII'],
    ['line\nbreak', 'non-ASCII or control'],
    ['con', 'reserved file name on Windows'],
    ['nul', 'reserved file name on Windows'],
    ['a'.repeat(300), 'longer than'],
    ['double__under', "'__'"],
  ])('rejects %j (%s)', (name, reason) => {
    expect(identifierProblem('use case name', name)).toContain(reason);
  });
});

describe('text and slug rules', () => {
  it('refuses control characters and over-long text', () => {
    expect(textProblem('team', 'a\nb', { required: false })).toContain('single line');
    expect(textProblem('team', 'x'.repeat(201), { required: false })).toContain('longer');
    expect(textProblem('service name', ' ', { required: true })).toContain('empty');
    expect(textProblem('team', '', { required: false })).toBeUndefined();
  });

  it('transliterates accents for the package name and refuses names with no ASCII letter', () => {
    expect(toSlug('Gestión de Usuarios')).toBe('gestion-de-usuarios');
    expect(toSlug('  Orders API v2!! ')).toBe('orders-api-v2');
    expect(slugProblem('日本', toSlug('日本'))).toContain('must start with an ASCII letter');
    expect(slugProblem('42 things', toSlug('42 things'))).toContain('must start with an ASCII letter');
    expect(slugProblem('orders', 'orders')).toBeUndefined();
  });

  it('pluralises and singularises entity names', () => {
    expect(pluralize('item')).toBe('items');
    expect(pluralize('category')).toBe('categories');
    expect(pluralize('box')).toBe('boxes');
    expect(singularize('categories')).toBe('category');
    expect(singularize('orders')).toBe('order');
    expect(singularize('status')).toBe('status');
    expect(toPascalCase('user_profiles')).toBe('UserProfiles');
  });
});
