/**
 * Name rules shared by every command. A name that passes here is safe as a Python
 * identifier, a module file name on every OS, a YAML key and a URL segment.
 */

const PYTHON_KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try while ' +
    'with yield match case type _'
  ).split(' '),
);

// Builtins and module names a use-case or port module would shadow inside the project.
const PYTHON_RESERVED = new Set(
  (
    'abs all any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex ' +
    'delattr dict dir divmod enumerate eval exec filter float format frozenset getattr globals ' +
    'hasattr hash help hex id input int isinstance issubclass iter len list locals map max ' +
    'memoryview min next object oct open ord pow print property range repr reversed round set ' +
    'setattr slice sorted staticmethod str sum super tuple vars zip ' +
    'src test tests setup settings conftest typing abc os sys json logging re uuid'
  ).split(' '),
);

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

// Longer names would push generated lines past the 100 columns ruff formats to.
export const MAX_IDENTIFIER_LENGTH = 40;
export const MAX_TEXT_LENGTH = 200;

/** `createUser`, `create-user`, `Create User` → `create_user`. Non-ASCII is left for validation. */
export function toSnakeCase(input: string): string {
  return input
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[\s-]+/g, '_')
    .toLowerCase();
}

export function toPascalCase(snake: string): string {
  return snake
    .split('_')
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

export function toKebabCase(snake: string): string {
  return snake.replace(/_/g, '-');
}

/** The reason `value` is not a usable snake_case identifier, or undefined when it is. */
export function identifierProblem(what: string, value: string): string | undefined {
  if (value.trim() === '') return `${what} is empty`;
  if (/[^\x20-\x7e]/.test(value)) {
    return `${what} ${quote(value)} has non-ASCII or control characters; use ASCII letters, digits and _`;
  }
  const snake = toSnakeCase(value);
  if (/[/\\]|\.\./.test(value)) return `${what} ${quote(value)} must not contain path separators or '..'`;
  if (!/^[a-z]/.test(snake)) return `${what} ${quote(value)} must start with a letter`;
  if (!/^[a-z][a-z0-9_]*$/.test(snake)) {
    return `${what} ${quote(value)} may only contain letters, digits, '_', '-' and spaces`;
  }
  if (snake.length > MAX_IDENTIFIER_LENGTH) {
    return `${what} ${quote(value)} is longer than ${MAX_IDENTIFIER_LENGTH} characters`;
  }
  if (/__|_$/.test(snake)) return `${what} ${quote(value)} must not contain '__' or end with '_'`;
  if (PYTHON_KEYWORDS.has(snake)) return `${what} ${quote(value)} is a Python keyword`;
  if (PYTHON_RESERVED.has(snake)) return `${what} ${quote(value)} would shadow the Python name '${snake}'`;
  if (WINDOWS_RESERVED.test(snake)) return `${what} ${quote(value)} is a reserved file name on Windows`;
  return undefined;
}

/**
 * Characters no free text may hold: C0 and C1 controls (PyYAML refuses C1, and U+0085 is a line
 * break to YAML), line and paragraph separators, bidi controls that make code read differently
 * from how it runs (Trojan Source), invisible characters that make two names look alike, tags,
 * noncharacters and lone surrogates (which UTF-8 cannot encode).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT = /[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff]|\udb40[\udc00-\udc7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_TEXT_ALL = new RegExp(UNSAFE_TEXT.source, 'g');

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** `value` with every unsafe character shown as `\u{…}`, for messages printed to a terminal. */
export function escapeUnsafe(value: string): string {
  return value.replace(UNSAFE_TEXT_ALL, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
}

/** The reason a free-text field (service name, description, team) is unusable, or undefined. */
export function textProblem(what: string, value: string, { required }: { required: boolean }): string | undefined {
  if (required && value.trim() === '') return `${what} is empty`;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f\u2028\u2029\u0085]/.test(value)) return `${what} must be a single line without control characters`;
  const unsafe = UNSAFE_TEXT.exec(value);
  if (unsafe) return `${what} holds ${codePoint(unsafe[0])}, an invisible, control or text-direction character; remove it`;
  if (value.length > MAX_TEXT_LENGTH) return `${what} is longer than ${MAX_TEXT_LENGTH} characters`;
  return undefined;
}

/**
 * The distribution name for pyproject.toml: ASCII, lower-case, dashes. Accents are
 * transliterated (NFKD), anything else non-alphanumeric becomes a dash.
 */
export function toSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_IDENTIFIER_LENGTH)
    .replace(/-+$/g, '');
}

export function slugProblem(name: string, slug: string): string | undefined {
  if (slug === '' || !/^[a-z]/.test(slug)) {
    return `service name ${quote(name)} must start with an ASCII letter (it becomes the package name)`;
  }
  if (WINDOWS_RESERVED.test(slug)) return `service name ${quote(name)} is a reserved file name on Windows`;
  return undefined;
}

/** Everything wrong with a service name: its text, or the package name it makes. */
export function serviceNameProblem(name: string): string | undefined {
  return textProblem('service name', name, { required: true }) ?? slugProblem(name, toSlug(name));
}

/**
 * A usable service name close to `name`, as create-vite cleans a package name: the package
 * name with what may not lead it dropped, or prefixed when nothing would be left.
 */
export function suggestServiceName(name: string): string {
  const slug = toSlug(name);
  const trimmed = slug.replace(/^[^a-z]+/, '');
  const candidate = WINDOWS_RESERVED.test(trimmed) ? `${trimmed}-service` : trimmed || (slug ? `service-${slug}` : 'service');
  return toSlug(candidate);
}

/** English plural for entity names: item → items, category → categories, box → boxes. */
export function pluralize(word: string): string {
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

export function singularize(word: string): string {
  if (/(us|ss|is)$/.test(word)) return word;
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Quote a user value for an error message, making control characters visible. */
export function quote(value: string): string {
  return escapeUnsafe(JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value));
}

const IRREGULAR_PAST: Record<string, string> = {
  cancel: 'cancelled',
  submit: 'submitted',
  pay: 'paid',
  send: 'sent',
  begin: 'begun',
};

/** The status an action verb leaves behind: approve → approved, ship → shipped, verify → verified. */
export function pastParticiple(verb: string): string {
  const irregular = IRREGULAR_PAST[verb];
  if (irregular) return irregular;
  if (verb.endsWith('e')) return `${verb}d`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ied`;
  // One-syllable consonant-vowel-consonant verbs double their last letter: stop → stopped.
  if (/^[^aeiou]*[aeiou][^aeiouwxy]$/.test(verb)) return `${verb}${verb.at(-1)}ed`;
  return `${verb}ed`;
}
