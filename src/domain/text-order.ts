/**
 * Code-point order for text, the order both stores sort names in (SQLite compares UTF-8
 * bytes, which is code-point order; Neo4j sorts a key built by `codePointSortKey`). JavaScript's
 * `<` compares UTF-16 code units, which puts U+10000 and above (surrogate pairs, 0xD800-0xDFFF)
 * before U+E000-U+FFFF; the key re-encodes such strings so code-unit order equals code-point order.
 */

/** `text`, re-encoded so that comparing keys by code unit compares the texts by code point. */
export function codePointSortKey(text: string): string {
  if (!/[\uD800-\uFFFF]/.test(text)) return text;
  let key = "";
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    key += cp < 0xd800 ? char : String.fromCharCode(0xffff, 0x1000 + (cp >> 14), 0x1000 + (cp & 0x3fff));
  }
  return key;
}

export function compareCodePoints(a: string, b: string): number {
  const x = codePointSortKey(a);
  const y = codePointSortKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
