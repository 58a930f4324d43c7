/**
 * The self-hosted GraphQL explorer: GraphiQL 5 against this server's /graphql, with every
 * example operation of the README open as a tab (built in by scripts/web/build-web.ts, so
 * the explorer and the README never disagree) and the credential in the headers editor.
 */
import "./monaco-workers.js";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { createRoot } from "react-dom/client";
import { authHeaders } from "../credentials.js";

declare const __README_EXAMPLES__: { title: string; query: string }[];

const fetcher = createGraphiQLFetcher({ url: new URL("/graphql", location.origin).href });
const headers = JSON.stringify(authHeaders(), null, 2);

const root = document.getElementById("explorer");
if (!root) throw new Error("web/explorer: #explorer element missing");
createRoot(root).render(
  <GraphiQL
    fetcher={fetcher}
    defaultTabs={__README_EXAMPLES__.map((example) => ({ query: example.query, headers }))}
    defaultHeaders={headers}
    defaultEditorToolsVisibility="headers"
    shouldPersistHeaders={false}
  />,
);
