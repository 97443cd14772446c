import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { type Browser, chromium, type Page } from "playwright-core";

import type { App } from "../../src/app.js";
import { hashApiKey } from "../../src/auth/api-keys.js";
import { startTestApp } from "../helpers/app.js";
import { ensureChromium } from "../helpers/chromium.js";

/**
 * GraphiQL in a real headless Chromium against the whole service: the page loads from our own
 * assets under its CSP, runs the example health query and shows the result; the API key field
 * survives a reload and becomes `Authorization: Bearer`.
 */
const EDITOR_KEY = "browser-test-editor-key";

interface PageWatch {
  /** Console errors and uncaught exceptions, CSP violations included. */
  problems: string[];
  /** Headers of every request the page sent to /graphql. */
  graphqlHeaders: Record<string, string>[];
}

function watch(page: Page): PageWatch {
  const seen: PageWatch = { problems: [], graphqlHeaders: [] };
  page.on("console", (message) => {
    if (message.type() === "error") seen.problems.push(message.text());
  });
  page.on("pageerror", (error) => seen.problems.push(error.message));
  page.on("response", (response) => {
    if (response.status() >= 400) seen.problems.push(`${response.status()} ${response.url()}`);
  });
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/graphql") seen.graphqlHeaders.push(request.headers());
  });
  return seen;
}

/** The page globals used here (tsconfig has no DOM library). */
interface BrowserGlobals {
  localStorage: { getItem(key: string): string | null };
}

/** Activates the example tab of operation `name` and waits until GraphiQL has settled on it. */
async function openTab(page: Page, name: string): Promise<void> {
  await page.locator(".graphiql-tab", { hasText: name }).click();
  await page.locator(".graphiql-tab-active", { hasText: name }).waitFor();
  // GraphiQL settles a tab's operation name 100 ms after the switch (debounced) and stores it
  // then; running earlier would send the previous tab's name. Wait for that store, not a delay.
  // A function, not a string: the page's CSP (rightly) forbids string evaluation.
  await page.waitForFunction(
    (operation) =>
      (globalThis as unknown as BrowserGlobals).localStorage.getItem("graphiql:operationName") === operation,
    name,
  );
}

/** Runs the active tab's operation and waits until the response pane shows `expected`. */
async function runAndWaitFor(page: Page, expected: string): Promise<string> {
  await page.locator(".graphiql-execute-button").click();
  const result = page.locator(".result-window");
  await result.filter({ hasText: expected }).waitFor();
  return result.innerText();
}

describe("GraphiQL in headless Chromium", () => {
  let app: App;
  let browser: Browser;
  before(
    async () => {
      const executablePath = await ensureChromium((line) => process.stderr.write(`browser test: ${line}\n`));
      app = await startTestApp({
        dbName: "browser_graphiql",
        env: { API_KEYS: `ci:editor:${hashApiKey(EDITOR_KEY)}` },
      });
      browser = await chromium.launch({ executablePath });
    },
    // Installing chromium on a fresh machine takes minutes; the run's per-test timeout is not for that.
    { timeout: 15 * 60_000 },
  );
  after(async () => {
    await browser?.close();
    if (app) {
      await app.database.db.dropDatabase();
      await app.stop();
    }
  });

  it("loads /graphiql and runs the example health query, with the CSRF preflight header", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const seen = watch(page);
      await page.goto(`${app.url}/graphiql`);
      await openTab(page, "Health");
      const text = await runAndWaitFor(page, '"status": "OK"');
      assert.match(text, /"database": "UP"/);
      assert.ok(seen.graphqlHeaders.length > 0);
      for (const headers of seen.graphqlHeaders) assert.equal(headers["apollo-require-preflight"], "true");
      assert.deepEqual(seen.problems, [], "no console errors, CSP violations included");
    } finally {
      await context.close();
    }
  });

  it("keeps the API key in localStorage and sends it as Authorization: Bearer", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const seen = watch(page);
      await page.goto(`${app.url}/graphiql`);
      await page.locator("#api-key").fill(EDITOR_KEY);
      await page.reload();
      assert.equal(await page.locator("#api-key").inputValue(), EDITOR_KEY);

      await openTab(page, "Viewer");
      const text = await runAndWaitFor(page, '"name": "ci"');
      assert.match(text, /"role": "EDITOR"/);
      assert.equal(seen.graphqlHeaders.at(-1)?.["authorization"], `Bearer ${EDITOR_KEY}`);
      assert.deepEqual(seen.problems, []);
    } finally {
      await context.close();
    }
  });
});
