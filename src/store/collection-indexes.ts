import type { IndexDescription } from "mongodb";

/** The indexes one collection declares, next to its repository module. */
export interface CollectionIndexes {
  collection: string;
  indexes: (IndexDescription & { name: string })[];
}
