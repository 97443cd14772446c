import { spawn } from "node:child_process";
import { userInfo } from "node:os";

import { runCommand } from "./processes.js";

/**
 * Debian 12 packages the build and the server need (../shared/vendor/README.md): PostgreSQL 15
 * with its server headers, the PostGIS and RUM extensions DocumentDB requires, PCRE2 and Intel's
 * decimal library for pg_documentdb, Kerberos headers (PostgreSQL's headers include gssapi.h),
 * the C toolchain and cmake for libbson, OpenSSL for the gateway and its certificate, and
 * util-linux's setpriv, which ties the servers' lives to ours.
 */
export const DEBIAN_PACKAGES = [
  "postgresql-15",
  "postgresql-server-dev-15",
  "postgresql-15-postgis-3",
  "postgresql-15-rum",
  "libpcre2-dev",
  "libintelrdfpmath-dev",
  "libkrb5-dev",
  "libssl-dev",
  "openssl",
  "cmake",
  "build-essential",
  "pkg-config",
  "util-linux",
] as const;

/** The packages of `wanted` that dpkg does not report as installed. */
export async function missingPackages(wanted: readonly string[]): Promise<string[]> {
  const result = await runCommand("dpkg-query", ["-W", "-f=${Package} ${db:Status-Status}\\n", ...wanted]).catch(
    () => null,
  );
  if (!result) throw new Error("dpkg-query not found: the embedded database is built on Debian 12 (bookworm)");
  const installed = new Set(
    result.output
      .split("\n")
      .filter((line) => line.endsWith(" installed"))
      .map((line) => line.split(" ")[0]),
  );
  return wanted.filter((name) => !installed.has(name));
}

/**
 * Installs what is missing with apt-get when this process is root; otherwise stops with the
 * command an administrator should run. apt's own progress goes to our stderr.
 */
export async function ensureDebianPackages(say: (line: string) => void): Promise<void> {
  const missing = await missingPackages(DEBIAN_PACKAGES);
  if (missing.length === 0) return;
  const command = `apt-get install -y --no-install-recommends ${missing.join(" ")}`;
  if (userInfo().uid !== 0) {
    throw new Error(
      `the embedded database needs these Debian packages: ${missing.join(" ")}\n` +
        `Run as root: apt-get update && ${command}\n(or set MONGODB_URI to a running MongoDB 6+ server)`,
    );
  }
  say(`installing Debian packages with apt-get: ${missing.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if ((await aptGet(["install", "-y", "--no-install-recommends", ...missing], env)) !== 0) {
    // A fresh machine may have no or stale package lists.
    say("apt-get install failed; running apt-get update and trying again");
    await aptGet(["update"], env);
    const code = await aptGet(["install", "-y", "--no-install-recommends", ...missing], env);
    if (code !== 0) throw new Error(`\`${command}\` failed (exit ${code}); its output is above`);
  }
}

function aptGet(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("apt-get", args, { env, stdio: ["ignore", process.stderr, process.stderr] });
    child.once("error", reject);
    child.once("close", (code) => resolve(code ?? 1));
  });
}
