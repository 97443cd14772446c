import { phraseKey } from "../linking/normalize.js";
import type { AliasDoc } from "../store/hypervisors.js";

/**
 * The entry as the catalog files give it, plus the aliases added through the API that the stored
 * entry has (`origin: "api"`): the files win for everything else. An API alias the files now
 * list too (compared as the linker compares them) is dropped, since the files' version of it wins.
 */
export function keepApiAliases<T extends { aliases: AliasDoc[] }>(fromFiles: T, stored: T): T {
  const inFiles = new Set(fromFiles.aliases.map((alias) => phraseKey(alias.text)));
  const overlays = stored.aliases.filter((alias) => alias.origin === "api" && !inFiles.has(phraseKey(alias.text)));
  return overlays.length === 0 ? fromFiles : { ...fromFiles, aliases: [...fromFiles.aliases, ...overlays] };
}
