/**
 * What text the domain stores: one rule set for every name, label and note a client
 * sends (accounts, managers, communities, API keys, ids, engagement notes), applied by
 * guards.ts before any length check, so what is stored is exactly what is answered.
 *
 * 1. Well-formed UTF-16 only. A lone surrogate (`"\uD800"` in JSON) cannot be encoded
 *    as UTF-8; the stores silently wrote U+FFFD instead, so the answer and the stored
 *    value differed. Refused rather than repaired: the client's text is broken.
 * 2. Unicode Normalization Form C (UAX #15), so "é" typed as one code point or as
 *    e + U+0301 is one name, and what is stored compares equal to what is shown.
 * 3. No control characters (general category Cc: NUL, ESC, DEL, C1 controls) and no
 *    line or paragraph separators (U+2028, U+2029). Multi-line text (notes) may keep
 *    tab, line feed and carriage return.
 * 4. No bidirectional embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069),
 *    no deprecated format controls (U+206A-U+206F) and no interlinear annotation
 *    controls (U+FFF9-U+FFFB): they reorder how the rest of the text is displayed
 *    ("Trojan Source", CVE-2021-42574; Unicode TR #36 §2), so a name could show as
 *    something other than it is. The scope-less marks LRM, RLM and ALM (U+200E,
 *    U+200F, U+061C) stay allowed: right-to-left names legitimately need them.
 *    Noncharacters (U+FDD0-U+FDEF, U+xFFFE, U+xFFFF) are refused too: they are for
 *    a program's internal use, never for interchange.
 * 5. Not invisible only: after whitespace, default-ignorable code points (zero-width
 *    space and joiners, word joiner, BOM, soft hyphen, variation selectors, Hangul
 *    fillers, tags), format characters, combining marks on nothing and the blank
 *    Braille pattern are set aside, something must remain.
 *
 * Cost: O(length), a few regular-expression passes; no allocation beyond the
 * normalised copy.
 */
import { ValidationError } from "./errors.js";

export type TextKind = "line" | "multiline";

const ALWAYS_REFUSED = /[\u202A-\u202E\u2066-\u2069\u206A-\u206F\uFFF9-\uFFFB\u2028\u2029\p{Noncharacter_Code_Point}]/u;
/** With the u flag a paired surrogate is one code point, so this matches lone halves only. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const CONTROL_IN_LINE = /\p{Cc}/u;
/** Tab, line feed and carriage return are how multi-line text is written. */
const CONTROL_IN_MULTILINE = /[^\P{Cc}\t\n\r]/u;
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\p{M}\u2800]/gu;

/**
 * `value` normalised to NFC and trimmed, or a ValidationError naming `field` when it
 * breaks one of the rules above. Empty text is returned as "" (callers decide whether
 * empty is allowed); text of whitespace and invisible characters only is refused.
 */
export function cleanText(value: string, field: string, kind: TextKind = "line"): string {
  if (LONE_SURROGATE.test(value)) throw new ValidationError(`${field} is not valid Unicode text (it contains a lone surrogate)`, field);
  const text = value.normalize("NFC").trim();
  if ((kind === "line" ? CONTROL_IN_LINE : CONTROL_IN_MULTILINE).test(text) || ALWAYS_REFUSED.test(text)) {
    throw new ValidationError(`${field} must not contain control, line-separator or bidirectional-override characters`, field);
  }
  // A string of invisible characters trims to itself (they are not all White_Space).
  if (text.length > 0 && text.replace(INVISIBLE, "").length === 0) {
    throw new ValidationError(`${field} must contain at least one visible character`, field);
  }
  return text;
}
