/**
 * Code-point order: the same on every machine and locale (generated files must be
 * byte-identical), and it skips the ICU collator that localeCompare starts up.
 */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
