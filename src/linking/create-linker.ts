import type { Catalog } from "../model/catalog.js";
import type { ArticleLink, LinkableText, Linker, LinkKind } from "../model/links.js";
import { compileCatalog } from "./compile-catalog.js";
import { linkEntities } from "./entity-links.js";
import { linkEvents } from "./event-links.js";
import { type LinkerOptions, resolveLinkerOptions } from "./linker-options.js";
import { scanText } from "./scan-text.js";

const KIND_ORDER: Readonly<Record<LinkKind, number>> = { HYPERVISOR: 0, VENDOR: 1, TOPIC: 2, EVENT: 3 };

/**
 * Builds a linker for a catalog: every alias, context phrase, pattern and cue word is
 * compiled once into one token trie, so `link` costs about one hash lookup per token of the
 * article whatever the catalog's size. `link` is pure: the same text gives the same links.
 * @throws LinkerOptionsError for options out of range.
 */
export function createLinker(catalog: Catalog, options: Partial<LinkerOptions> = {}): Linker {
  const resolved = resolveLinkerOptions(options);
  const compiled = compileCatalog(catalog);
  return {
    catalogVersion: catalog.version,
    link(text: LinkableText): ArticleLink[] {
      const publishedAt = text.publishedAt.getTime();
      const scan = scanText(compiled.trie, text);
      const entities = linkEntities(compiled, scan, publishedAt, resolved);
      // Without a real date nothing can be placed near an event phase.
      const events = Number.isFinite(publishedAt) ? linkEvents(compiled, scan, entities, publishedAt, resolved) : [];
      return [...entities.links, ...events].sort(
        (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.confidence - a.confidence || (a.slug < b.slug ? -1 : 1),
      );
    },
  };
}
