/**
 * The pinned third-party sources the embedded database is built from (../shared/vendor/README.md).
 * They are dependencies, never copied into src/: the installer extracts and builds them in .tools/.
 *
 * `sha256` is the checksum of the archive as kept in shared/vendor (`git archive` output).
 * A code host's own archive of the same commit is gzipped differently, so a downloaded archive is
 * accepted when its extracted tree has the same `treeDigest` (src/embedded-db/tree-digest.ts)
 * over the paths `include` selects (all of them when absent).
 */
export interface VendorSource {
  /** File name in the vendor folder. */
  file: string;
  /** The folder the archive extracts to. */
  topDir: string;
  sha256: string;
  treeDigest: string;
  /** Where a machine with internet fetches the same sources. */
  url: string;
  /** Path prefixes the tree digest covers in a download (the vendored copy holds only these). */
  include?: readonly string[];
}

export const DOCUMENTDB: VendorSource = {
  file: "documentdb-b2e220c47d85.tar.gz",
  topDir: "documentdb-b2e220c47d85",
  sha256: "1e47b52044941266ae17d4b9460b08cc74fb80fdbceb0b7775b8abe6f6fa4da4",
  treeDigest: "64b9ee23e8b59b9ccca5d78e69da64244a3d8f922260d203b653e3c793c837cc",
  url: "https://github.com/microsoft/documentdb/archive/b2e220c47d85ec6fed1651f03968da2317f71c10.tar.gz",
};

export const PGVECTOR: VendorSource = {
  file: "pgvector-0.8.1.tar.gz",
  topDir: "pgvector-0.8.1",
  sha256: "5254da7ab5ec6192ac5bc37569294f504ad82ae7a111513ab8a8da8479963bee",
  treeDigest: "34ad18fc603435bb81169b0f8049e144b542869bf5d9d9982cb8bc7e01774b22",
  url: "https://github.com/pgvector/pgvector/archive/778dacf20c07caf904557a88705142631818d8cb.tar.gz",
};

export const PG_CRON: VendorSource = {
  file: "pg_cron-1.6.3.tar.gz",
  topDir: "pg_cron-1.6.3",
  sha256: "3580f4034021e62e459f9f7ab1f625774bfc534a9256844545da85d6f99c2f5b",
  treeDigest: "21e04f9af5114b25c9a14a8bc779f5373f9f8ee5f2a15b19a980214136861657",
  url: "https://github.com/citusdata/pg_cron/archive/9d0576c64edd90fb3d8ac30763296a8106315638.tar.gz",
};

/** libbson only: the vendored copy is the libbson part of the mongo-c-driver 1.28.0 release. */
export const LIBBSON: VendorSource = {
  file: "libbson-1.28.0.tar.gz",
  topDir: "libbson-1.28.0",
  sha256: "d69acd81bd630f02ff325936a4dcf96e810b20fe6a4b2a37f30d732a601aa175",
  treeDigest: "327c8d199e1c5973d8c256c0e57c542178fc13414c7e10e5e909208130445fd4",
  url: "https://github.com/mongodb/mongo-c-driver/releases/download/1.28.0/mongo-c-driver-1.28.0.tar.gz",
  include: [
    "CMakeLists.txt",
    "COPYING",
    "NEWS",
    "THIRD_PARTY_NOTICES",
    "VERSION_CURRENT",
    "build/",
    "src/CMakeLists.txt",
    "src/common/",
    "src/kms-message/",
    "src/libbson/",
    "src/tools/",
    "src/utf8proc-2.8.0/",
    "src/uthash/",
    "src/zlib-1.3.1/",
  ],
};

export const VENDOR_SOURCES: readonly VendorSource[] = [LIBBSON, PGVECTOR, PG_CRON, DOCUMENTDB];
