/**
 * `importCrm` over HTTP as an ADMIN client meets it, on the cases where a CSV export and its
 * header disagree: rows with the wrong number of cells, blank lines and multi-line cells
 * (row numbers as a spreadsheet shows them), cells a link type has no field for, several
 * columns for one field (the preferred one used, the same header twice refused), a bad
 * column map (blamed on `input.map`, in the API's words), and `first` checked before
 * anything is written. Activity re-imports are in the store
 * contract (test/store/crm-import.contract.ts), which runs on SQLite and Neo4j.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApiKeys, startSecuredApi } from "../support/secured-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";

const IMPORT = `mutation Import($input: CrmImportInput!, $first: Int) {
  importCrm(input: $input, first: $first) {
    written accountsCreated linksCreated rejectedCount rejected { file row column code message } files { file rows ignoredColumns }
  }
}`;

interface Problem {
  file: string;
  row: number;
  column: string;
  code: string;
  message: string;
}

describe("importCrm: files whose rows and header disagree", () => {
  let opened: OpenedStore;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;
  const keys = makeApiKeys([]);
  const importCrm = async (input: Record<string, unknown>, first?: number | null) =>
    api.as(keys.admin)(IMPORT, { input, ...(first !== undefined ? { first } : {}) });
  const accountNamed = async (externalId: string) => {
    const page = await api.as(keys.admin)(
      `query($ids: [String!]) { accounts(first: 5, filter: { externalIds: $ids }) { edges { node { name industry region } } } }`,
      {
        ids: [externalId],
      },
    );
    return page.data.accounts.edges.map((e: { node: unknown }) => e.node);
  };
  const totalAccounts = async () => (await api.as(keys.admin)(`{ accounts(first: 1) { totalCount } }`)).data.accounts.totalCount as number;

  beforeAll(async () => {
    opened = await STORE_FACTORIES.find((f) => f.name === "sqlite")!.make();
    api = await startSecuredApi(opened.store, { auth: keys.auth });
    const seeded = await importCrm({ accounts: "Account ID,Account Name\nSF-401,Referrer\nSF-403,Referred\n" });
    expect(seeded.data.importCrm).toMatchObject({ written: true, accountsCreated: 2 });
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  it("refuses a row with more or fewer cells than the header, and accepts a trailing empty cell", async () => {
    const accounts = [
      "Account ID,Account Name,Industry,Region",
      "SF-301,Acme, Inc,Software,CA", // an unquoted comma: five cells
      "SF-302,Shortco", // two cells
      "SF-303,Trailco,Retail,CA,", // a spreadsheet's trailing delimiter: nothing lost
    ].join("\n");
    const before = await totalAccounts();
    const refused = await importCrm({ mode: "ALL_OR_NOTHING", accounts });
    expect(refused.errors).toBeUndefined();
    expect(refused.data.importCrm).toMatchObject({
      written: false,
      rejectedCount: 2,
      rejected: [
        { file: "ACCOUNTS", row: 2, column: "column 5", code: "BAD_USER_INPUT", message: "5 cells, but the header has 4" },
        { file: "ACCOUNTS", row: 3, column: "Industry", code: "BAD_USER_INPUT", message: "2 cells, but the header has 4" },
      ],
    });
    expect(await totalAccounts()).toBe(before);

    const skipped = await importCrm({ mode: "SKIP_BAD_ROWS", accounts });
    expect(skipped.data.importCrm).toMatchObject({ written: true, accountsCreated: 1, rejectedCount: 2 });
    expect(await accountNamed("SF-303")).toEqual([{ name: "Trailco", industry: "Retail", region: "CA" }]);
    expect(await accountNamed("SF-301")).toEqual([]);
  });

  it("numbers rows by the line they start on, counting blank lines and the lines of a quoted multi-line cell", async () => {
    // The multi-line cell is in a column the import ignores (a name may not hold a line break).
    const accounts = [
      "Account ID,Account Name,Segment,Description",
      "SF-311,Ok,Enterprise,",
      "",
      "SF-312,Bad,Giant,",
      'SF-313,Good,Enterprise,"two\r\nlines"',
      "SF-314,Bad,Huge,",
    ].join("\r\n");
    const result = await importCrm({ mode: "DRY_RUN", accounts });
    expect(result.data.importCrm.rejected.map((p: Problem) => [p.row, p.column])).toEqual([
      [4, "Segment"],
      [7, "Segment"],
    ]);
    // A blank line and a row of empty cells (how spreadsheets save an empty row) are not rows.
    const blank = await importCrm({ mode: "DRY_RUN", accounts: "Account ID,Account Name,Segment\n\n,,\nSF-315,Bad,Giant\n" });
    expect(blank.data.importCrm).toMatchObject({ rejected: [{ row: 4, column: "Segment" }], files: [{ file: "ACCOUNTS", rows: 1 }] });
    // Blank lines before the header count too, and a cell of three lines (LF) spans three.
    const leading = await importCrm({
      mode: "DRY_RUN",
      accounts: '\n,,\nAccount ID,Account Name,Segment,Description\nSF-316,Good,Enterprise,"a\nb\nc"\nSF-317,Bad,Giant,\n',
    });
    expect(leading.data.importCrm).toMatchObject({ rejected: [{ row: 7, column: "Segment" }], files: [{ file: "ACCOUNTS", rows: 2 }] });

    // The delimiter comes from the header, not from the blank lines above it: an empty line,
    // a ";" row of empty cells and a "," one (blank whichever delimiter the file uses).
    const semicolon = await importCrm({
      mode: "DRY_RUN",
      accounts: "\n;;\n,,\nAccount ID;Account Name;Segment\nSF-318;Semi;Enterprise\nSF-319;Bad;Giant\n",
    });
    expect(semicolon.errors).toBeUndefined();
    expect(semicolon.data.importCrm).toMatchObject({ rejected: [{ row: 6, column: "Segment" }], files: [{ file: "ACCOUNTS", rows: 2 }] });
    const tab = await importCrm({
      mode: "DRY_RUN",
      accounts: "  \n\t\t\nAccount ID\tAccount Name\tSegment\nSF-324\tTabbed, Inc\tEnterprise\nSF-325\tBad\tGiant\n",
    });
    expect(tab.errors).toBeUndefined();
    expect(tab.data.importCrm).toMatchObject({ rejected: [{ row: 5, column: "Segment" }], files: [{ file: "ACCOUNTS", rows: 2 }] });
  });

  it("refuses a cell the link type has no field for, and names a missing INFLUENCES strength", async () => {
    const links = [
      "type,from,to,kind,strength,date,revenue",
      "REFERRED,SF-401,SF-403,,0.5,2025-01-01,100",
      "INFLUENCES,SF-401,SF-403,PEER,0.5,,100",
      "INFLUENCES,SF-403,SF-401,PEER,,,",
      "REFERRED,SF-403,SF-401,,,2025-01-01,100",
    ].join("\n");
    const result = await importCrm({ mode: "ALL_OR_NOTHING", accounts: "Account ID\nSF-401\n", links });
    expect(result.data.importCrm).toMatchObject({ written: false, linksCreated: 1 });
    const problems = result.data.importCrm.rejected.map(({ row, column, code, message }: Problem) => ({ row, column, code, message }));
    expect(problems).toEqual([
      { row: 2, column: "strength", code: "BAD_USER_INPUT", message: "strength does not apply to a REFERRED link" },
      { row: 3, column: "revenue", code: "BAD_USER_INPUT", message: "revenue does not apply to a INFLUENCES link" },
      { row: 4, column: "strength", code: "BAD_USER_INPUT", message: "strength is required for INFLUENCES links" },
    ]);
  });

  it("takes the field's preferred column when several feed it, refuses the same header twice, and lets the map choose", async () => {
    // Salesforce exports carry both; the field's own name, then its aliases in order, decide.
    const preferred = await importCrm({
      mode: "ALL_OR_NOTHING",
      accounts: "Account ID,Billing Country,Account Name,Billing State/Province,Name\nSF-321,USA,Long name,CA,Short\n",
    });
    expect(preferred.errors).toBeUndefined();
    expect(preferred.data.importCrm).toMatchObject({
      written: true,
      files: [{ file: "ACCOUNTS", ignoredColumns: ["Billing Country", "Account Name"] }],
    });
    expect(await accountNamed("SF-321")).toEqual([expect.objectContaining({ name: "Short", region: "CA" })]);

    const twice = await importCrm({ mode: "DRY_RUN", accounts: "Account ID,Account Name,Account Name\nSF-323,First,Second\n" });
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.accounts" });
    expect(twice.errors?.[0]?.message).toContain('columns "Account Name" and "Account Name" both feed name');

    const mapped = await importCrm({
      mode: "ALL_OR_NOTHING",
      accounts: "Account ID,Account Name,Name\nSF-322,First,Second\n",
      map: '{"accounts":{"Account Name":"name"}}',
    });
    expect(mapped.errors).toBeUndefined();
    expect(mapped.data.importCrm).toMatchObject({ written: true, files: [{ file: "ACCOUNTS", ignoredColumns: ["Name"] }] });
    expect(await accountNamed("SF-322")).toEqual([expect.objectContaining({ name: "First" })]);
  });

  it("blames a bad column map on input.map, and speaks of input.map, not of a command-line flag", async () => {
    const unknownField = await importCrm({ accounts: "Account ID,Name\nSF-331,X\n", map: '{"accounts":{"Name":"nonexistentField"}}' });
    expect(unknownField.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.map" });
    expect(unknownField.errors?.[0]?.message).toMatch(/^the column map names unknown accounts field "nonexistentField"/);

    const missing = await importCrm({ accounts: "Name\nNo id\n" });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.accounts" });
    const message = missing.errors![0]!.message;
    expect(message).toMatch(/^accounts: no column for externalId/);
    expect(message).toContain("input.map");
    expect(message).not.toContain("--map");
    expect(message.match(/accounts:/g)).toHaveLength(1);
  });

  it("refuses a `first` out of range before the import runs", async () => {
    const accounts = "Account ID,Account Name\nSF-341,Firstco\n";
    for (const first of [-1, 1001, null]) {
      const result = await importCrm({ mode: "ALL_OR_NOTHING", accounts }, first);
      expect(result.errors?.[0]?.extensions, String(first)).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    }
    expect(await accountNamed("SF-341")).toEqual([]);
    const listed = await importCrm({ mode: "DRY_RUN", accounts: "Account ID,Segment\nSF-342,Giant\nSF-343,Huge\n" }, 1);
    expect(listed.data.importCrm).toMatchObject({ rejectedCount: 2, rejected: [{ row: 2 }] });
  });
});
