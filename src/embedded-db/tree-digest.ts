import { createHash } from "node:crypto";
import { readdir, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";

/**
 * A digest of a source tree's content, independent of how it was archived or compressed:
 * sha256 over one line per file, `<path>\0<kind>\0<sha256 of content>\n`, paths relative to the
 * tree's top folder, sorted. Symlinks count by their target. Directories add nothing, so an empty
 * folder (which git does not keep) does not matter. `include` keeps only paths that equal an
 * entry or start with one ending in `/`.
 */
export async function treeDigest(root: string, include?: readonly string[]): Promise<string> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const lines: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const full = join(entry.parentPath, entry.name);
    const path = full.slice(root.length + 1);
    if (include && !include.some((prefix) => (prefix.endsWith("/") ? path.startsWith(prefix) : path === prefix))) {
      continue;
    }
    const content = entry.isSymbolicLink() ? Buffer.from(await readlink(full)) : await readFile(full);
    const kind = entry.isSymbolicLink() ? "link" : "file";
    lines.push(`${path}\0${kind}\0${createHash("sha256").update(content).digest("hex")}\n`);
  }
  lines.sort();
  const hash = createHash("sha256");
  for (const line of lines) hash.update(line);
  return hash.digest("hex");
}
