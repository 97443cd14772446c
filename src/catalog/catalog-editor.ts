import type { Db } from "mongodb";

import type { AliasOwnerKind } from "../store/catalog-queries.js";
import { addAlias, type AliasInput } from "./add-alias.js";
import { createEvent, deleteEvent, type EventInput, updateEvent } from "./edit-events.js";
import { linkArticle, type ManualLinkRequest, unlinkArticle } from "./manual-links.js";

export type { AliasInput, AliasOwnerKind, EventInput, ManualLinkRequest };

/** The catalog's API edit use-cases over one database (composed in src/app.ts). */
export function createCatalogEditor(db: Db) {
  return {
    createEvent: (slug: string, input: EventInput) => createEvent(db, slug, input),
    updateEvent: (slug: string, input: EventInput) => updateEvent(db, slug, input),
    deleteEvent: (slug: string) => deleteEvent(db, slug),
    addAlias: (kind: AliasOwnerKind, slug: string, alias: AliasInput) => addAlias(db, kind, slug, alias),
    linkArticle: (request: ManualLinkRequest) => linkArticle(db, request),
    unlinkArticle: (request: ManualLinkRequest) => unlinkArticle(db, request),
  };
}
export type CatalogEditor = ReturnType<typeof createCatalogEditor>;
