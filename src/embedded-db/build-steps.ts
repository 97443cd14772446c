import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";

import { runChecked } from "./processes.js";
import { DOCUMENTDB, LIBBSON, PG_CRON, PGVECTOR } from "./vendor-manifest.js";

/** The system PostgreSQL the extensions are built against and whose copy runs them. */
export const PG_MAJOR = 15;
export const SYSTEM_PG_LIB = `/usr/lib/postgresql/${PG_MAJOR}`;
export const SYSTEM_PG_SHARE = `/usr/share/postgresql/${PG_MAJOR}`;
const SYSTEM_PG_CONFIG = `${SYSTEM_PG_LIB}/bin/pg_config`;

/** Folders of one build under .tools/documentdb/. */
export interface BuildLayout {
  /** Extracted sources. */
  srcDir: string;
  /** libbson's install prefix and our pkg-config files. */
  depsDir: string;
  /** The PostgreSQL copy being assembled: `<stage>/usr/lib/postgresql/15/...` and `.../share/...`. */
  stageDir: string;
  /** Where the gateway binary is copied. */
  binDir: string;
  cargoTargetDir: string;
  logFile: string;
}

export interface BuildStep {
  title: string;
  /** What the first build on a 2-core machine took, shown so nobody thinks it hangs. */
  expected: string;
  run(layout: BuildLayout, sources: Map<string, string>): Promise<void>;
}

const jobs = () => `-j${Math.max(1, availableParallelism())}`;

/** The PGXS variables of every extension build. `with_llvm=no`: no JIT bitcode (half the time). */
const pgxsArgs = (extra: string[] = []) => [`PG_CONFIG=${SYSTEM_PG_CONFIG}`, "with_llvm=no", ...extra];

async function makeAndStage(dir: string, layout: BuildLayout, extra: string[] = []): Promise<void> {
  const env = { ...process.env, PKG_CONFIG_PATH: join(layout.depsDir, "lib", "pkgconfig") };
  await runChecked("make", ["-C", dir, jobs(), ...pgxsArgs(extra)], { env, logFile: layout.logFile });
  // DESTDIR: the files land in the copy of PostgreSQL at the same relative paths, not in /usr.
  await runChecked("make", ["-C", dir, "install", `DESTDIR=${layout.stageDir}`, ...pgxsArgs(extra)], {
    env,
    logFile: layout.logFile,
  });
}

const tree = (sources: Map<string, string>, top: string) => {
  const dir = sources.get(top);
  if (!dir) throw new Error(`source ${top} was not extracted`);
  return dir;
};

/**
 * DocumentDB's Makefiles read the git index when the tree sits inside a git work tree (ours
 * does: .tools/ is in the checkout); `INSIDE_GIT_REPO=false` gives the "unknown" build id.
 * pg_documentdb links pg_documentdb_core.so by name and its runpath is the system's libdir;
 * `$ORIGIN` makes the loader look beside it, in the copy.
 */
const DOCUMENTDB_MAKE_ARGS = ["INSIDE_GIT_REPO=false", "LDFLAGS_SL=-Wl,-rpath,\\$$ORIGIN"];

export const BUILD_STEPS: readonly BuildStep[] = [
  {
    title: "libbson 1.28.0 (static, position-independent)",
    expected: "about 10 s",
    async run(layout, sources) {
      const dir = tree(sources, LIBBSON.topDir);
      const buildDir = join(dir, "_build");
      const log = { logFile: layout.logFile };
      await runChecked(
        "cmake",
        [
          "-S",
          dir,
          "-B",
          buildDir,
          "-DENABLE_MONGOC=OFF",
          "-DENABLE_STATIC=ON",
          "-DENABLE_TESTS=OFF",
          "-DENABLE_EXAMPLES=OFF",
          "-DCMAKE_POSITION_INDEPENDENT_CODE=ON",
          "-DCMAKE_BUILD_TYPE=Release",
          `-DCMAKE_INSTALL_PREFIX=${layout.depsDir}`,
        ],
        log,
      );
      await runChecked("cmake", ["--build", buildDir, jobs()], log);
      // The libbson-only tree lacks the README.rst that `install` copies last (vendor README).
      await writeFile(join(dir, "README.rst"), "");
      await runChecked("cmake", ["--install", buildDir], log);
    },
  },
  {
    title: "pkg-config file for Debian's Intel decimal library",
    expected: "instant",
    async run(layout) {
      // Debian's libintelrdfpmath-dev ships no .pc. libbidgcc000 is the variant upstream builds
      // (CALL_BY_REF=0 GLOBAL_RND=0 GLOBAL_FLAGS=0); another one fails at load time with
      // `undefined symbol: __bid128_sin`.
      const pc = ["Name: intelmathlib", "Description: Intel decimal floating-point math", "Version: 2.0u2"];
      pc.push("Libs: -lbidgcc000", "Cflags: -I/usr/include", "");
      await writeFile(join(layout.depsDir, "lib", "pkgconfig", "intelmathlib.pc"), pc.join("\n"));
    },
  },
  {
    title: `a private copy of PostgreSQL ${PG_MAJOR} (with PostGIS and RUM)`,
    expected: "a few seconds",
    async run(layout) {
      // PostgreSQL finds its share and lib folders relative to its own binary, so a copy that
      // keeps the same relative layout runs with the extensions we add to it, and the system's
      // PostgreSQL tree is never written to.
      await mkdir(join(layout.stageDir, "usr/lib/postgresql"), { recursive: true });
      await mkdir(join(layout.stageDir, "usr/share/postgresql"), { recursive: true });
      await runChecked("cp", ["-a", SYSTEM_PG_LIB, join(layout.stageDir, "usr/lib/postgresql/")]);
      await runChecked("cp", ["-a", SYSTEM_PG_SHARE, join(layout.stageDir, "usr/share/postgresql/")]);
    },
  },
  {
    title: "pgvector 0.8.1",
    expected: "about 10 s",
    // OPTFLAGS empty: no -march=native, so the build runs on any x86-64 machine.
    run: (layout, sources) => makeAndStage(tree(sources, PGVECTOR.topDir), layout, ["OPTFLAGS="]),
  },
  {
    title: "pg_cron 1.6.3",
    expected: "about 5 s",
    run: (layout, sources) => makeAndStage(tree(sources, PG_CRON.topDir), layout),
  },
  {
    title: "pg_documentdb_core",
    expected: "about 15 s",
    run: (layout, sources) =>
      makeAndStage(join(tree(sources, DOCUMENTDB.topDir), "pg_documentdb_core"), layout, DOCUMENTDB_MAKE_ARGS),
  },
  {
    title: "pg_documentdb",
    expected: "about 1 min",
    run: (layout, sources) =>
      makeAndStage(join(tree(sources, DOCUMENTDB.topDir), "pg_documentdb"), layout, DOCUMENTDB_MAKE_ARGS),
  },
  {
    title: "the Rust gateway pg_documentdb_gw (cargo build --release; crates from crates.io)",
    expected: "about 2 min",
    async run(layout, sources) {
      const dir = join(tree(sources, DOCUMENTDB.topDir), "pg_documentdb_gw");
      await runChecked("cargo", ["build", "--release", "--locked"], {
        cwd: dir,
        env: { ...process.env, CARGO_TARGET_DIR: layout.cargoTargetDir, CARGO_TERM_COLOR: "never" },
        logFile: layout.logFile,
      });
      await mkdir(layout.binDir, { recursive: true });
      await rm(join(layout.binDir, "documentdb_gateway"), { force: true });
      await copyFile(
        join(layout.cargoTargetDir, "release", "documentdb_gateway"),
        join(layout.binDir, "documentdb_gateway"),
      );
    },
  },
];
