import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import { runChecked } from "./processes.js";
import { treeDigest } from "./tree-digest.js";
import type { VendorSource } from "./vendor-manifest.js";

/** Names the environment variable that points at a folder holding the pinned archives. */
export const VENDOR_DIR_VARIABLE = "EMBEDDED_DB_VENDOR_DIR";

export interface SourceLookup {
  /** From EMBEDDED_DB_VENDOR_DIR, when set. */
  envDir: string | undefined;
  /** `../shared/vendor/` beside the project. */
  sharedDir: string;
  /** Where downloads are kept, so a second build does not download again. */
  downloadDir: string;
  say: (line: string) => void;
}

/**
 * Finds the archive of `source` and proves it is the pinned one: the env var's folder, else
 * ../shared/vendor, else a download of the same commit. A local archive must match its sha256
 * exactly; a download may be gzipped differently, so its extracted tree must match instead.
 * Returns the path of a verified archive.
 */
export async function locateSource(source: VendorSource, lookup: SourceLookup): Promise<string> {
  for (const dir of [lookup.envDir, lookup.sharedDir]) {
    if (!dir) continue;
    const path = join(dir, source.file);
    if (!existsSync(path)) continue;
    const actual = await fileSha256(path);
    if (actual !== source.sha256) {
      throw new Error(`${path}: sha256 ${actual}, expected ${source.sha256} (a different or damaged archive)`);
    }
    return path;
  }
  const cached = join(lookup.downloadDir, source.file);
  if (existsSync(cached) && (await verifyDownload(source, cached))) return cached;
  lookup.say(`${source.file}: not in ${lookup.envDir ?? lookup.sharedDir}; downloading ${source.url}`);
  await downloadTo(source.url, cached);
  if (!(await verifyDownload(source, cached))) {
    throw new Error(`${source.url}: the downloaded tree differs from the pinned ${source.file} (tree digest)`);
  }
  return cached;
}

/** Extracts an archive's single top folder as `<intoDir>/<source.topDir>` (fresh). */
export async function extractSource(source: VendorSource, archive: string, intoDir: string): Promise<string> {
  const target = join(intoDir, source.topDir);
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  await runChecked("tar", ["-xzf", archive, "--strip-components=1", "--no-same-owner", "-C", target]);
  return target;
}

/** A download is the pinned source when its sha256 matches, or else its extracted tree does. */
export async function verifyDownload(source: VendorSource, archive: string): Promise<boolean> {
  if ((await fileSha256(archive)) === source.sha256) return true;
  const scratch = await mkdtemp(join(archive, "..", ".verify-"));
  try {
    const tree = await extractSource(source, archive, scratch);
    return (await treeDigest(tree, source.include)) === source.treeDigest;
  } catch {
    return false;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(path), hash);
  return hash.digest("hex");
}

async function downloadTo(url: string, path: string): Promise<void> {
  await mkdir(join(path, ".."), { recursive: true });
  const response = await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(300_000) }).catch(
    (error: unknown) => {
      throw new Error(`cannot download ${url}: ${String(error)}`, { cause: error });
    },
  );
  if (!response.ok || !response.body) throw new Error(`cannot download ${url}: HTTP ${response.status}`);
  const partial = `${path}.partial`;
  await pipeline(Readable.fromWeb(response.body), createWriteStream(partial));
  await rename(partial, path);
}
