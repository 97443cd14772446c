import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

import { Router } from "express";

import type { OperationFile } from "./operations.js";

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/**
 * The only files /graphiql/assets serves: React 18 and GraphiQL 3 UMD builds from node_modules,
 * by an explicit list, so nothing else under node_modules is reachable over HTTP.
 */
const ASSETS: Readonly<Record<string, string>> = {
  "react.production.min.js": join(packageDir("react"), "umd/react.production.min.js"),
  "react-dom.production.min.js": join(packageDir("react-dom"), "umd/react-dom.production.min.js"),
  "graphiql.min.js": join(packageDir("graphiql"), "graphiql.min.js"),
  "graphiql.min.css": join(packageDir("graphiql"), "graphiql.min.css"),
};

const PAGE = new URL("../web/graphiql/index.html", import.meta.url);
const OPERATIONS_SLOT = /(<script id="operations" type="application\/json">)[\s\S]*?(<\/script>)/;

/**
 * GraphiQL at /graphiql, with the example operations as tabs. The page runs under a strict CSP:
 * scripts only from this origin plus the page's own inline blocks by hash (no 'unsafe-inline',
 * no 'unsafe-eval'), requests only to this origin, no framing. Mounted only when the playground
 * is enabled; otherwise /graphiql is a plain 404 (RELIABILITY.md A6).
 */
export async function graphiqlRoutes(operations: readonly OperationFile[]): Promise<Router> {
  const template = await readFile(PAGE, "utf8");
  const page = fillOperations(template, operations);
  const csp = contentSecurityPolicy(page);
  const router = Router();
  router.get("/graphiql", (_req, res) => {
    res
      .set({
        "content-security-policy": csp,
        "cache-control": "no-store",
        "referrer-policy": "no-referrer",
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
      })
      .type("html")
      .send(page);
  });
  router.get("/graphiql/assets/:file", (req, res, next) => {
    const path = Object.hasOwn(ASSETS, req.params.file) ? ASSETS[req.params.file] : undefined;
    if (path === undefined) {
      next();
      return;
    }
    res.sendFile(path, { maxAge: "1h", headers: { "x-content-type-options": "nosniff" } }, (error) => {
      if (error) next(error);
    });
  });
  return router;
}

/** JSON inside <script>: `<` escaped so no document text can close the element early. */
function fillOperations(template: string, operations: readonly OperationFile[]): string {
  if (!OPERATIONS_SLOT.test(template)) throw new Error("graphiql: index.html lost its operations <script> slot");
  const json = JSON.stringify(operations.map(({ file, query }) => ({ file, query }))).replace(/</g, "\\u003c");
  return template.replace(OPERATIONS_SLOT, (_match, open: string, close: string) => `${open}${json}${close}`);
}

/** Hashes every bare inline `<script>`/`<style>` block (comments aside): those are the page's own code. */
function contentSecurityPolicy(page: string): string {
  const code = page.replace(/<!--[\s\S]*?-->/g, "");
  const hashes = (tag: "script" | "style") =>
    [...code.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g"))]
      .map(
        (match) =>
          `'sha256-${createHash("sha256")
            .update(match[1] ?? "", "utf8")
            .digest("base64")}'`,
      )
      .join(" ");
  return [
    "default-src 'none'",
    `script-src 'self' ${hashes("script")}`,
    `style-src 'self' ${hashes("style")}`,
    "font-src data:",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}
