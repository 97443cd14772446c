import { spawn } from "node:child_process";
import { access, constants } from "node:fs/promises";

/** Debian's chromium package installs the browser here. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

const INSTALL = "apt-get update && apt-get install -y --no-install-recommends chromium";

/**
 * Returns the path of a runnable headless Chromium, installing Debian's `chromium` package first
 * when it is missing (CI machines start fresh and run as root). Never skips: when the browser
 * cannot be had, it throws with the reason and the installer's output, and the test fails.
 */
export async function ensureChromium(log: (line: string) => void = () => undefined): Promise<string> {
  if (await isExecutable(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${CHROMIUM_PATH} is missing and this is not root, so it cannot be installed: run \`${INSTALL}\` as root`,
    );
  }
  log(`chromium: not found, running: ${INSTALL}`);
  const { code, output } = await run(INSTALL);
  if (code !== 0) {
    throw new Error(`installing chromium failed (exit ${code}) with: ${INSTALL}\n${output.slice(-4000)}`);
  }
  if (!(await isExecutable(CHROMIUM_PATH))) {
    throw new Error(`apt-get succeeded but ${CHROMIUM_PATH} is still missing\n${output.slice(-4000)}`);
  }
  log("chromium: installed");
  return CHROMIUM_PATH;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function run(command: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", command], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}
