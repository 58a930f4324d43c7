/**
 * Text folding for case-insensitive search (`AccountFilter.nameContains`). Stores keep a
 * folded copy of the name and compare it with the folded needle, so every adapter
 * answers the same way for non-ASCII names.
 *
 * Why upper-then-lower rather than `toLowerCase()` alone: JavaScript has no Unicode case
 * folding, but upper-casing applies the full special-casing table (ß -> SS, ﬁ -> FI,
 * final ς -> Σ) and lower-casing then lands on one form, which approximates Unicode
 * full case folding (CaseFolding.txt, status C+F). NFKC first and last makes composed
 * and decomposed accents (é vs e + U+0301) and compatibility forms compare equal.
 * Final sigma is mapped to σ as case folding does, because toLowerCase() picks ς or σ by
 * position and a needle's last letter need not be the name's last letter.
 * Locale-independent on purpose: a search must not change with the server's locale.
 */
export function foldForSearch(text: string): string {
  return text.normalize("NFKC").toUpperCase().toLowerCase().replace(/ς/g, "σ").normalize("NFKC");
}
