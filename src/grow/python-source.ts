/**
 * Just enough reading of Python source to learn a hand-made project's shape: classes and their
 * bases, methods and their parameters, `register_adapters(...)` calls. Pure; no Python runs.
 */

export interface PyParam {
  name: string;
  annotation?: string;
  hasDefault: boolean;
}

export interface PyMethod {
  name: string;
  params: PyParam[];
  returns?: string;
}

export interface PyClass {
  name: string;
  bases: string[];
  methods: PyMethod[];
}

/** Source with comments and string literals blanked, same length, so offsets still match. */
function blankStringsAndComments(source: string): string {
  return source.replace(/("""|''')[\s\S]*?\1|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|#[^\n]*/g, (m) => m.replace(/[^\n]/g, ' '));
}

/** Splits at top-level commas (not inside brackets). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** The text between the bracket at `open` and its match. */
function bracketed(text: string, open: number): { inner: string; end: number } | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && --depth === 0) return { inner: text.slice(open + 1, i), end: i };
  }
  return undefined;
}

function paramOf(raw: string): PyParam | undefined {
  if (raw === '/' || raw === '*' || raw.startsWith('*')) return undefined;
  const [head, ...defaults] = splitAssign(raw);
  const [name, ...annotation] = head!.split(':');
  return {
    name: name!.trim(),
    ...(annotation.length > 0 ? { annotation: annotation.join(':').trim() } : {}),
    hasDefault: defaults.length > 0,
  };
}

/** `x: Dict[str, int] = {}` → ['x: Dict[str, int]', '{}']: the first `=` that is not `==`. */
function splitAssign(raw: string): string[] {
  const at = raw.search(/(?<![=!<>])=(?!=)/);
  return at < 0 ? [raw] : [raw.slice(0, at), raw.slice(at + 1)];
}

function methodsIn(code: string): PyMethod[] {
  const methods: PyMethod[] = [];
  for (const match of code.matchAll(/^[ \t]+(?:async[ \t]+)?def[ \t]+(\w+)[ \t]*\(/gm)) {
    const params = bracketed(code, match.index + match[0].length - 1);
    if (!params) continue;
    const returns = code.slice(params.end + 1).match(/^\s*(?:->\s*([^:]+?))?\s*:/)?.[1]?.trim();
    const list = splitTopLevel(params.inner).map(paramOf).filter((p): p is PyParam => p !== undefined);
    methods.push({
      name: match[1]!,
      params: list[0]?.name === 'self' || list[0]?.name === 'cls' ? list.slice(1) : list,
      ...(returns ? { returns: returns.replace(/\s+/g, ' ') } : {}),
    });
  }
  return methods;
}

/** Top-level classes, their bases and methods; a class ends at the next unindented line. */
export function classesIn(source: string): PyClass[] {
  const code = blankStringsAndComments(source);
  return [...code.matchAll(/^class[ \t]+(\w+)[ \t]*(\(|:)/gm)].map((head) => {
    const open = head.index + head[0].length - 1;
    const args = head[2] === '(' ? bracketed(code, open) : undefined;
    const bodyStart = args ? args.end + 1 : open + 1;
    const next = code.slice(bodyStart).search(/\n(?=\S)/);
    const body = code.slice(bodyStart, next < 0 ? code.length : bodyStart + next + 1);
    const bases = splitTopLevel(args?.inner ?? '').filter((b) => !b.includes('=')).map((b) => b.split('.').pop()!.trim());
    return { name: head[1]!, bases, methods: methodsIn(body) };
  });
}

/** Module-level functions decorated with `@use_case` (bare or called). */
export function useCaseFunctions(source: string): string[] {
  const code = blankStringsAndComments(source);
  return [...code.matchAll(/^@(?:\w+\.)*use_case\b[^\n]*\n(?:@[^\n]*\n)*(?:async[ \t]+)?def[ \t]+(\w+)/gm)].map((m) => m[1]!);
}

/** Every `register_adapters(key=Adapter(...), ...)` keyword in the source: key → adapter class. */
export function registeredAdapters(source: string): Map<string, string> {
  const code = blankStringsAndComments(source);
  const found = new Map<string, string>();
  for (const match of code.matchAll(/register_adapters[ \t]*\(/g)) {
    const args = bracketed(code, match.index + match[0].length - 1);
    if (!args) continue;
    for (const arg of splitTopLevel(args.inner)) {
      const kw = arg.match(/^(\w+)\s*=\s*(?:[\w.]*\.)?(\w+)\s*\(/);
      if (kw) found.set(kw[1]!, kw[2]!);
    }
  }
  return found;
}

/** Names the module reads as `<name>.<division>` for each name bisslog_db is bound to. */
export function divisionsRead(source: string, dbNames: string[]): string[] {
  const code = blankStringsAndComments(source);
  const names = new Set<string>();
  for (const db of dbNames) {
    for (const m of code.matchAll(new RegExp(`(?<![\\w.])${db}\\.(\\w+)`, 'g'))) {
      if (!['register_adapters', 'register_main_adapter', 'get_division', 'main'].includes(m[1]!)) names.add(m[1]!);
    }
  }
  return [...names];
}

/** The names `bisslog_db` is imported as in this module (`from bisslog import bisslog_db as db` → db). */
export function bisslogDbNames(source: string): string[] {
  const code = blankStringsAndComments(source);
  const names: string[] = [];
  for (const m of code.matchAll(/^from[ \t]+bisslog(?:\.[\w.]+)?[ \t]+import[ \t]+(\([^)]*\)|(?:[^\n\\]|\\\n)*)/gm)) {
    for (const part of m[1]!.replace(/[()\\]/g, ' ').split(',')) {
      const alias = part.trim().match(/^bisslog_db(?:\s+as\s+(\w+))?$/);
      if (alias) names.push(alias[1] ?? 'bisslog_db');
    }
  }
  return names;
}
