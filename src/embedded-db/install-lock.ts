import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * One build at a time per checkout (`npm start` and `npm test` may race on a fresh clone): a
 * lock folder holding the builder's pid. A lock whose pid is gone was left by a killed build and
 * is taken over.
 */
export async function withInstallLock<T>(lockDir: string, say: (line: string) => void, run: () => Promise<T>) {
  let announced = false;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(await readFile(join(lockDir, "pid"), "utf8").catch(() => "0"));
      if (holder > 0 && !isAlive(holder)) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!announced) say(`another process (pid ${holder || "?"}) is building the embedded database; waiting`);
      announced = true;
      await sleep(1_000);
    }
  }
  try {
    await writeFile(join(lockDir, "pid"), String(process.pid));
    return await run();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
