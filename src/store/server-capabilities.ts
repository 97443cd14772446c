import type { Db } from "mongodb";

/**
 * What differs between the database servers we run on, decided here and nowhere else
 * (test/compat/DOCUMENTDB.md has the evidence for each line). Everything not listed behaves the
 * same on both: atomic conditional updates, unordered bulk writes of any size, `$elemMatch`,
 * `$lookup`/`$facet`, `$text`, TTL and partial indexes.
 */
export interface ServerCapabilities {
  readonly kind: ServerKind;
  /**
   * Capped collections, and tailable awaitData cursors on them: the event bus tails its log and
   * the server trims it. DocumentDB has neither ("Capped collections not supported yet"), nor
   * change streams, so there the bus polls an ordinary collection by its indexed position and
   * trims it itself.
   */
  readonly cappedCollections: boolean;
}

/**
 * `mongodb`: MongoDB 6+ or Atlas. `documentdb`: Microsoft's DocumentDB through its gateway (the
 * embedded server, FerretDB 2, Azure Cosmos DB for MongoDB vCore).
 */
export type ServerKind = "mongodb" | "documentdb";

const CAPABILITIES: Record<ServerKind, ServerCapabilities> = {
  mongodb: { kind: "mongodb", cappedCollections: true },
  documentdb: { kind: "documentdb", cappedCollections: false },
};

const known = new WeakMap<Db, Promise<ServerCapabilities>>();

/** The server's capabilities, asked once per Db (a failed probe is asked again next time). */
export function serverCapabilities(db: Db): Promise<ServerCapabilities> {
  let capabilities = known.get(db);
  if (!capabilities) {
    capabilities = db.command({ buildInfo: 1 }).then((info) => CAPABILITIES[serverKindOf(info)]);
    capabilities.catch(() => known.delete(db));
    known.set(db, capabilities);
  }
  return capabilities;
}

/**
 * MongoDB's buildInfo always names its source commit (`gitVersion`) and storage engines; the
 * DocumentDB gateway answers only version, versionArray, bits and maxBsonObjectSize, and
 * FerretDB 2 adds a `ferretdb` section. Anything without `gitVersion` is treated as DocumentDB,
 * the more restrictive kind.
 */
export function serverKindOf(buildInfo: Record<string, unknown>): ServerKind {
  return typeof buildInfo["gitVersion"] === "string" && !("ferretdb" in buildInfo) ? "mongodb" : "documentdb";
}
