/**
 * The text rules on hand-picked cases (the HTTP property test in test/api/hostile-input.test.ts
 * covers every text field on both stores): what is refused, and what is kept and how.
 */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/domain/errors.js";
import { cleanText } from "../../src/domain/text-guards.js";

describe("cleanText", () => {
  it.each([
    ["NUL", "a\u0000b"],
    ["a line feed in a name", "a\nb"],
    ["a C1 control", "a\u0085b"],
    ["the RTL override", "\u202Eevil.exe"],
    ["a first-strong isolate", "a\u2068b"],
    ["a line separator", "a\u2028b"],
    ["a noncharacter", "a\uFFFEb"],
    ["a lone surrogate", "a\uD800b"],
    ["zero-width characters only", "\u200B\u200D\u2060"],
    ["a Hangul filler only", "\u3164"],
    ["a combining accent on nothing", "\u0301"],
  ])("refuses %s", (_name, value) => {
    expect(() => cleanText(value, "input.name")).toThrow(ValidationError);
  });

  it("composes to NFC and trims", () => {
    expect(cleanText("  Zoe\u0308 Cafe\u0301 ", "name")).toBe("Zoë Café");
  });

  it("keeps right-to-left marks, emoji sequences and, in multi-line text, line breaks and tabs", () => {
    expect(cleanText("שלום\u200F 1", "name")).toBe("שלום\u200F 1");
    expect(cleanText("I \u2764\uFE0F 👩‍👩‍👧", "name")).toBe("I \u2764\uFE0F 👩‍👩‍👧");
    expect(cleanText("line one\n\tline two", "note", "multiline")).toBe("line one\n\tline two");
    expect(() => cleanText("a\u0000b", "note", "multiline")).toThrow(ValidationError);
  });

  it("returns empty text for whitespace only (callers decide whether empty is allowed)", () => {
    expect(cleanText(" \t\uFEFF ", "region")).toBe("");
  });
});
