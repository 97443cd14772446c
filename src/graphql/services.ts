import type { CatalogEditor } from "../catalog/catalog-editor.js";
import type { FeedAdmin } from "../ingest/feed-admin.js";
import type { ReadServices } from "../timeline/read-services.js";
import type { HealthService } from "./health/health.resolver.js";

/**
 * The use-case services the resolvers adapt, composed explicitly in src/app.ts and handed to
 * buildGraphQLSchema: reads from src/timeline, edits from src/catalog and src/ingest.
 */
export interface GraphQLServices extends ReadServices {
  health: HealthService;
  catalogEditor: CatalogEditor;
  feedAdmin: FeedAdmin;
}
