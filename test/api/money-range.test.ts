/**
 * Money answers only amounts it can state exactly, through HTTP: a value past 2^53 cents
 * (here one account's whitespace, licences planned x licence price, both at their input
 * caps) is a field error MONEY_OUT_OF_RANGE — never a wrong amount that looks exact,
 * never a masked internal error — while the rest of the answer stands.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSecuredApi } from "../support/secured-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { tinyDataset } from "../support/tiny-dataset.js";

describe("Money past 2^53 cents", () => {
  let opened: OpenedStore;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;

  beforeAll(async () => {
    opened = await STORE_FACTORIES.find((f) => f.name === "sqlite")!.make();
    await opened.store.importDataset(tinyDataset());
    api = await startSecuredApi(opened.store);
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  it("is a MONEY_OUT_OF_RANGE field error, and the other fields still answer", async () => {
    const gql = api.as();
    const created = await gql(
      `mutation { createAccount(input: { name: "Hyperion Holdings", status: CUSTOMER, licencesHeld: 0, licencesPlanned: 9999999,
                                         licencePrice: "999999999999.99", annualRevenue: "12.34" }) { id } }`,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data.createAccount.id as string;
    const read = await gql(`query($id: ID!) { account(id: $id) { name licencePrice annualRevenue strategy { expansion { whitespaceValue } } } }`, {
      id,
    });
    expect(
      read.errors?.map((error) => error.extensions?.code),
      JSON.stringify(read.errors),
    ).toEqual(["MONEY_OUT_OF_RANGE"]);
    expect(read.errors?.[0]?.path).toEqual(["account", "strategy", "expansion", "whitespaceValue"]);
    expect(read.data.account).toMatchObject({ name: "Hyperion Holdings", licencePrice: "999999999999.99", annualRevenue: "12.34" });
  });
});
