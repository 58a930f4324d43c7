/**
 * The README's GraphQL examples as separate operations, each with the comment line that
 * introduces it as its title. The README test runs every one of them against the sample
 * data; the explorer (web/explorer) opens each as a tab, so what a reader sees in the
 * README is what the explorer offers, and both stay true together.
 */

export interface ReadmeExample {
  /** The `#` comment above the operation, or its first line when there is none. */
  title: string;
  query: string;
}

/** Splits a ```graphql block into its top-level operations (brace depth back to 0), comments kept as titles. */
export function splitOperations(block: string): ReadmeExample[] {
  const operations: ReadmeExample[] = [];
  let depth = 0;
  let current = "";
  let title = "";
  for (const line of block.split("\n")) {
    if (depth === 0 && line.trim().startsWith("#")) {
      title = line.trim().replace(/^#+\s*/, "");
      continue;
    }
    current += `${line}\n`;
    for (const ch of line.replace(/"(?:[^"\\]|\\.)*"/g, "")) {
      if (ch === "{") depth++;
      else if (ch === "}") depth--;
    }
    if (depth === 0 && current.trim().length > 0 && current.includes("{")) {
      const query = current.trim();
      operations.push({ title: title || query.split("\n")[0]!.slice(0, 60), query: title ? `# ${title}\n${query}` : query });
      current = "";
      title = "";
    }
  }
  return operations;
}

/** Every operation of every ```graphql block of a Markdown text, in order. */
export function readmeExamples(markdown: string): ReadmeExample[] {
  return [...markdown.matchAll(/```graphql\n([\s\S]*?)```/g)].flatMap((m) => splitOperations(m[1]!));
}
