/**
 * The side panel: one account's strategy (score, tier, the components that produced it),
 * its influence (every metric's rank, community, reach within two ties) and the actions
 * that start from it (referral path, neighbourhood). Built with DOM calls and textContent
 * only: names come from customers' CRMs and must never be parsed as HTML.
 */
import { graphql } from "../graphql-client.js";

const ACCOUNT_QUERY = `query MapAccount($id: ID!) {
  account(id: $id) {
    id name segment status annualRevenue owner { name }
    strategy { score rank percentile tier tierAction components { name value weight explanation } }
    influence {
      pagerank betweenness keystone
      community { id size }
      ranks { metric rank percentile }
      reach(hops: 2) { accounts revenue }
    }
  }
}`;

interface AccountDetails {
  account: {
    id: string;
    name: string;
    segment: string;
    status: string;
    annualRevenue: string;
    owner: { name: string } | null;
    strategy: {
      score: number;
      rank: number;
      percentile: number;
      tier: string;
      tierAction: string;
      components: { name: string; value: number; weight: number; explanation: string }[];
    } | null;
    influence: {
      pagerank: number | null;
      betweenness: number | null;
      keystone: boolean;
      community: { id: string; size: number };
      ranks: { metric: string; rank: number | null; percentile: number | null }[];
      reach: { accounts: number; revenue: string } | null;
    } | null;
  } | null;
}

export interface PanelActions {
  pathFrom(id: string, name: string): void;
  pathTo(id: string, name: string): void;
  neighbourhood(id: string): void;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  if (className) element.className = className;
  return element;
}

function row(table: HTMLTableElement, label: string, value: string, why?: string): void {
  const tr = table.insertRow();
  const name = tr.insertCell();
  name.textContent = label;
  if (why) name.append(el("div", why, "why"));
  const cell = tr.insertCell();
  cell.className = "num";
  cell.textContent = value;
}

const number = (value: number | null | undefined, digits = 3) => (value === null || value === undefined ? "–" : value.toFixed(digits));

export async function showAccount(panel: HTMLElement, id: string, actions: PanelActions): Promise<void> {
  panel.replaceChildren(el("p", "Loading…", "empty"));
  let details: AccountDetails;
  try {
    details = await graphql<AccountDetails>(ACCOUNT_QUERY, { id });
  } catch (error) {
    panel.replaceChildren(el("p", (error as Error).message, "error"));
    return;
  }
  const account = details.account;
  if (!account) {
    panel.replaceChildren(el("p", "This account no longer exists.", "empty"));
    return;
  }
  const heading = el("h2", account.name);
  heading.id = "panel-title";
  const facts = el("p", `${account.segment} · ${account.status} · revenue ${account.annualRevenue} · owner ${account.owner?.name ?? "none"}`, "why");
  const buttons = el("div");
  const from = el("button", "Path from here");
  from.onclick = () => actions.pathFrom(account.id, account.name);
  const to = el("button", "Path to here");
  to.onclick = () => actions.pathTo(account.id, account.name);
  const around = el("button", "Show neighbourhood");
  around.onclick = () => actions.neighbourhood(account.id);
  buttons.append(from, to, around);
  panel.replaceChildren(heading, facts, buttons);

  const strategy = account.strategy;
  panel.append(el("h3", "Strategy"));
  if (strategy) {
    const table = el("table");
    row(table, "Strategic score", `${number(strategy.score)} (rank ${strategy.rank})`);
    row(table, "Tier", strategy.tier, strategy.tierAction);
    for (const c of strategy.components) row(table, `${c.name} × ${number(c.weight, 2)}`, number(c.value), c.explanation);
    panel.append(table);
  } else panel.append(el("p", "Not ranked yet.", "empty"));

  const influence = account.influence;
  panel.append(el("h3", "Influence"));
  if (influence) {
    const table = el("table");
    row(table, "Community", `${influence.community.id} (${influence.community.size} accounts)`);
    row(table, "Keystone", influence.keystone ? "yes (its loss splits the network)" : "no");
    if (influence.reach) row(table, "Reach (2 ties)", `${influence.reach.accounts} accounts · ${influence.reach.revenue}`);
    for (const r of influence.ranks)
      row(table, r.metric, r.rank === null ? "–" : `#${r.rank} · p${number(r.percentile === null ? null : 100 * r.percentile, 1)}`);
    panel.append(table);
  } else panel.append(el("p", "Newer than the last analytics snapshot.", "empty"));
}
