import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** Where the Go wrapper module lives (committed) and where its binary goes (git-ignored). */
const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const FERRETDB_MODULE_DIR = `${PROJECT_ROOT}tools/ferretdb`;
export const TOOLS_BIN_DIR = `${PROJECT_ROOT}.tools/bin`;
export const FERRETDB_BINARY = `${TOOLS_BIN_DIR}/ferretdb`;
const STAMP_FILE = `${FERRETDB_BINARY}.stamp`;

const MODULE_FILES = ["go.mod", "go.sum", "main.go"];

/** Thrown when the embedded FerretDB cannot be installed; the message says what to do. */
export class EmbeddedDbInstallError extends Error {
  readonly code = "EMBEDDED_DB_INSTALL_FAILED";
  constructor(message: string, options?: ErrorOptions) {
    super(
      `${message}\nTo fix: install Go 1.24 or newer (https://go.dev/dl/) so the service can build FerretDB, ` +
        "or set MONGODB_URI to a running MongoDB 6+ (or FerretDB) server.",
      options,
    );
    this.name = "EmbeddedDbInstallError";
  }
}

/**
 * Builds FerretDB v1.24.2 (pinned in tools/ferretdb/go.mod and go.sum) into .tools/bin with
 * `go install`, unless the binary there was built from the same module files already.
 * Returns the binary path.
 */
export async function ensureFerretDbInstalled(onProgress: (line: string) => void = () => {}): Promise<string> {
  const stamp = await moduleStamp();
  if (existsSync(FERRETDB_BINARY) && (await readFile(STAMP_FILE, "utf8").catch(() => "")) === stamp) {
    return FERRETDB_BINARY;
  }
  await checkGoVersion();
  onProgress("building FerretDB v1.24.2 with `go install` (the first time takes a few minutes)");
  await mkdir(TOOLS_BIN_DIR, { recursive: true });
  const result = await runCommand("go", ["install", "."], {
    cwd: FERRETDB_MODULE_DIR,
    // -buildvcs=false: the build must not depend on the state of the surrounding git checkout.
    env: { ...process.env, GOBIN: TOOLS_BIN_DIR, GOFLAGS: "-buildvcs=false" },
  });
  if (result.code !== 0) {
    throw new EmbeddedDbInstallError(
      `\`go install\` of FerretDB failed (exit ${result.code}):\n${result.output.trim().split("\n").slice(-15).join("\n")}`,
    );
  }
  await writeFile(STAMP_FILE, stamp);
  return FERRETDB_BINARY;
}

async function checkGoVersion(): Promise<void> {
  const result = await runCommand("go", ["env", "GOVERSION"], {}).catch((error: unknown) => {
    throw new EmbeddedDbInstallError("Go is not installed (the `go` command was not found on PATH).", {
      cause: error,
    });
  });
  const match = /^go(\d+)\.(\d+)/.exec(result.output.trim());
  if (result.code !== 0 || !match) {
    throw new EmbeddedDbInstallError(`Could not read the Go version: ${result.output.trim()}`);
  }
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major < 1 || (major === 1 && minor < 24)) {
    throw new EmbeddedDbInstallError(`Go ${match[0].slice(2)} is too old; FerretDB v1.24.2 needs Go 1.24+.`);
  }
}

async function moduleStamp(): Promise<string> {
  const hash = createHash("sha256");
  for (const name of MODULE_FILES) {
    hash.update(name).update(await readFile(`${FERRETDB_MODULE_DIR}/${name}`));
  }
  return hash.digest("hex");
}

interface CommandResult {
  code: number;
  output: string;
}

function runCommand(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }) {
  return new Promise<CommandResult>((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}
