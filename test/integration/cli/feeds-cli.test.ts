import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { normalizeFeedUrl } from "../../../src/feeds/normalize/url.js";
import { addFeeds } from "../../../src/ingest/add-feeds.js";
import { parseOpml } from "../../../src/ingest/opml.js";
import { feedsCollection } from "../../../src/store/feeds.js";
import { ensureIndexes } from "../../../src/store/indexes.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `tsx jobs/run.ts feeds ...` as a child process, on the test database unless env says otherwise. */
function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const child = spawn(process.execPath, ["--import", "tsx", "jobs/run.ts", "feeds", ...args], {
    cwd: ROOT,
    env: { ...process.env, DEFAULT_FEEDS_LOAD: "false", LOG_LEVEL: "silent", NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return once(child, "exit").then(([code]) => ({ code: code as number | null, stdout, stderr }));
}

const opml = (urls: string[]) =>
  `<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body><outline text="Virt">${urls
    .map((url, i) => `<outline type="rss" text="Feed ${i}" xmlUrl="${url}"/>`)
    .join("")}</outline></body></opml>`;

describe("feeds import / export from the command line", () => {
  let t: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  const registered = async () => (await feedsCollection(t.db).find({}).toArray()).map((feed) => feed.url).sort();

  before(async () => {
    t = await openTestDatabase("feeds_cli");
    await ensureIndexes(t.db);
    env = { MONGODB_URI: t.uri, MONGODB_DB: t.name };
    dir = await mkdtemp(join(tmpdir(), "hng-feeds-cli-"));
    const now = new Date();
    await addFeeds(t.db, [{ url: "https://cli.test/known.xml", title: "Known", siteUrl: null, tags: [] }], {
      normalizeUrl: normalizeFeedUrl,
      now,
    });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await t.drop();
  });

  it("import registers the new feeds and lists the refused ones with their reason (exit 0)", async () => {
    const file = join(dir, "subscriptions.opml");
    const urls = ["https://cli.test/a.xml", "https://cli.test/b.xml", "https://cli.test/known.xml", "ftp://cli.test/c"];
    await writeFile(file, opml(urls));
    const result = await runCli(["import", file], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^refused {2}ftp:\/\/cli\.test\/c {2}.*not http or https$/m);
    assert.match(result.stdout, new RegExp(`feeds import: ${file}: 2 added, 1 already registered, 1 refused`));
    assert.deepEqual(await registered(), [
      "https://cli.test/a.xml",
      "https://cli.test/b.xml",
      "https://cli.test/known.xml",
    ]);
  });

  it("export writes every registered feed as OPML to stdout, or to a file that imports back", async () => {
    const toStdout = await runCli(["export"], env);
    assert.equal(toStdout.code, 0, toStdout.stderr);
    const listed = parseOpml(toStdout.stdout).feeds.map((feed) => feed.url);
    assert.deepEqual(listed.sort(), await registered(), "stdout is the document alone");
    assert.match(toStdout.stderr, /feeds export: 3 feeds/);

    const file = join(dir, "export.opml");
    const toFile = await runCli(["export", file], env);
    assert.equal(toFile.code, 0, toFile.stderr);
    assert.match(toFile.stdout, new RegExp(`feeds export: 3 feeds written to ${file}`));
    assert.equal(parseOpml(await readFile(file, "utf8")).feeds.length, 3);
    const again = await runCli(["import", file], env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /0 added, 3 already registered, 0 refused/);
  });

  it("exits 1 naming the file when it cannot be read, parsed or written, and 1 when the database is unreachable", async () => {
    const malformed = join(dir, "broken.opml");
    await writeFile(malformed, "<opml><body><outline");
    const dtd = join(dir, "dtd.opml");
    await writeFile(dtd, `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><opml><body/></opml>`);
    const missing = join(dir, "missing.opml");
    const unwritable = join(dir, "no-such-folder", "out.opml");
    const unreachable = { MONGODB_URI: "mongodb://127.0.0.1:1", MONGODB_DB: t.name, MONGODB_TIMEOUT_MS: "500" };
    const [read, parse, refused, write, start] = await Promise.all([
      runCli(["import", missing], env),
      runCli(["import", malformed], env),
      runCli(["import", dtd], env),
      runCli(["export", unwritable], env),
      runCli(["export"], unreachable),
    ]);
    assert.deepEqual([read.code, parse.code, refused.code, write.code, start.code], [1, 1, 1, 1, 1]);
    assert.match(read.stderr, new RegExp(`cannot read ${missing}: no such file`));
    assert.match(parse.stderr, new RegExp(`cannot use ${malformed}: OPML: not well-formed XML`));
    assert.match(refused.stderr, /DOCTYPE and ENTITY declarations are refused/);
    assert.match(write.stderr, new RegExp(`cannot write ${unwritable}`));
    assert.match(start.stderr, /feeds: cannot start/);
    assert.equal(start.stdout, "");
  });

  it("exits 2 with the usage for bad arguments", async () => {
    const results = await Promise.all([
      runCli([], env),
      runCli(["import"], env),
      runCli(["export", "a.opml", "b.opml"], env),
      runCli(["sync"], env),
      runCli(["import", "--force", "x.opml"], env),
    ]);
    for (const result of results) {
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /usage: tsx jobs\/run\.ts feeds import <file\.opml>/);
    }
  });
});
