import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { BUILD_STEPS, type BuildLayout, PG_MAJOR } from "./build-steps.js";
import { ensureDebianPackages } from "./debian-packages.js";
import { withInstallLock } from "./install-lock.js";
import { runCommand } from "./processes.js";
import { VENDOR_SOURCES } from "./vendor-manifest.js";
import { extractSource, locateSource, VENDOR_DIR_VARIABLE } from "./vendor-sources.js";

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Everything the installer makes lives here (git-ignored). */
export const INSTALL_DIR = join(PROJECT_ROOT, ".tools", "documentdb");

/**
 * Bump when the recipe (build-steps.ts) changes in a way that needs a rebuild; the stamp also
 * covers the archives' checksums, so a new pinned source rebuilds too.
 */
const RECIPE_VERSION = 1;

/** A finished build: what the runtime needs to start a server. */
export interface Installation {
  /** bin/ of the private PostgreSQL copy (initdb, postgres, psql, pg_ctl). */
  pgBinDir: string;
  gatewayBinary: string;
}

export class EmbeddedDbInstallError extends Error {
  readonly code = "EMBEDDED_DB_INSTALL_FAILED";
  constructor(message: string, options?: ErrorOptions) {
    super(`${message}\nOr set MONGODB_URI to a running MongoDB 6+ (or DocumentDB) server.`, options);
    this.name = "EmbeddedDbInstallError";
  }
}

const layoutOf = (root: string): BuildLayout & { stamp: string; finalStage: string } => ({
  srcDir: join(root, "src"),
  depsDir: join(root, "deps"),
  stageDir: join(root, "pg.new"),
  finalStage: join(root, "pg"),
  binDir: join(root, "bin"),
  cargoTargetDir: join(root, "cargo-target"),
  logFile: join(root, "build.log"),
  stamp: join(root, "stamp.json"),
});

const installationOf = (root: string): Installation => ({
  pgBinDir: join(root, "pg", "usr", "lib", "postgresql", String(PG_MAJOR), "bin"),
  gatewayBinary: join(root, "bin", "documentdb_gateway"),
});

/**
 * Builds DocumentDB (PostgreSQL extensions + the Rust gateway) into .tools/documentdb once and
 * reuses it while the stamp matches. The first build takes about 4 minutes on 2 cores; each
 * step is announced with what it usually takes, and a line every 20 s shows it is alive.
 */
export async function ensureEmbeddedDbInstalled(say: (line: string) => void = () => {}): Promise<Installation> {
  const root = INSTALL_DIR;
  const layout = layoutOf(root);
  const stamp = stampOf();
  const installation = installationOf(root);
  const isCurrent = async () =>
    existsSync(installation.gatewayBinary) &&
    existsSync(join(installation.pgBinDir, "postgres")) &&
    (await readFile(layout.stamp, "utf8").catch(() => "")) === stamp;
  if (await isCurrent()) return installation;
  await mkdir(root, { recursive: true });
  return withInstallLock(join(root, "install.lock"), say, async () => {
    if (await isCurrent()) return installation; // another process built it while we waited
    try {
      await build(layout, say);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new EmbeddedDbInstallError(
        `building the embedded DocumentDB failed: ${message}\nThe whole build log: ${layout.logFile}`,
        { cause: error },
      );
    }
    await writeFile(layout.stamp, stamp);
    return installation;
  });
}

async function build(layout: ReturnType<typeof layoutOf>, say: (line: string) => void): Promise<void> {
  const started = performance.now();
  say(`building the embedded database (DocumentDB on PostgreSQL ${PG_MAJOR}) into ${INSTALL_DIR}`);
  say("first time only: about 4 minutes on 2 cores; later starts reuse it");
  await ensureDebianPackages(say);
  await checkCargo();
  await writeFile(layout.logFile, `build started ${new Date().toISOString()}\n`);
  for (const dir of [layout.srcDir, layout.depsDir, layout.stageDir]) await rm(dir, { recursive: true, force: true });
  await mkdir(join(layout.depsDir, "lib", "pkgconfig"), { recursive: true });
  await mkdir(layout.srcDir, { recursive: true });

  const sources = new Map<string, string>();
  const lookup = {
    envDir: process.env[VENDOR_DIR_VARIABLE] ? resolve(process.env[VENDOR_DIR_VARIABLE]) : undefined,
    sharedDir: resolve(PROJECT_ROOT, "..", "shared", "vendor"),
    downloadDir: join(INSTALL_DIR, "downloads"),
    say,
  };
  say(`[sources] checking the pinned archives (sha256) and extracting them`);
  for (const source of VENDOR_SOURCES) {
    const archive = await locateSource(source, lookup);
    sources.set(source.topDir, await extractSource(source, archive, layout.srcDir));
  }

  for (const [index, step] of BUILD_STEPS.entries()) {
    await announced(`[${index + 1}/${BUILD_STEPS.length}] ${step.title}`, step.expected, say, () =>
      step.run(layout, sources),
    );
  }
  await rm(layout.finalStage, { recursive: true, force: true });
  await rename(layout.stageDir, layout.finalStage);
  await rm(layout.srcDir, { recursive: true, force: true });
  say(`embedded database built in ${Math.round((performance.now() - started) / 1000)} s`);
}

async function announced(title: string, expected: string, say: (line: string) => void, run: () => Promise<void>) {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) / 1000);
  say(`${title} (${expected})`);
  const heartbeat = setInterval(() => say(`  ... still working on it (${elapsed()} s)`), 20_000);
  try {
    await run();
  } finally {
    clearInterval(heartbeat);
  }
  say(`  done in ${elapsed()} s`);
}

async function checkCargo(): Promise<void> {
  const result = await runCommand("cargo", ["--version"]).catch(() => null);
  if (!result || result.code !== 0) {
    throw new Error(
      "the gateway is written in Rust and `cargo` was not found on PATH; install Rust " +
        "(https://rustup.rs, 1.80 or newer) so the service can build it",
    );
  }
}

function stampOf(): string {
  const hash = createHash("sha256").update(`recipe ${RECIPE_VERSION}\n`);
  for (const source of VENDOR_SOURCES) hash.update(`${source.file} ${source.sha256}\n`);
  return JSON.stringify({ recipe: RECIPE_VERSION, digest: hash.digest("hex") });
}
