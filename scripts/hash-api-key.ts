/**
 * Prints the SHA-256 (hex) of an API key, the form API_KEYS stores (`name:role:sha256hex`).
 *
 *   npx tsx scripts/hash-api-key.ts <key>            (the key lands in shell history)
 *   printf %s "$KEY" | npx tsx scripts/hash-api-key.ts   (it does not)
 *
 * Make a key with e.g. `node -e "console.log(crypto.randomBytes(32).toString('base64url'))"`.
 */
import { text } from "node:stream/consumers";

import { hashApiKey } from "../src/auth/api-keys.js";

const given = process.argv[2] ?? (process.stdin.isTTY ? "" : (await text(process.stdin)).replace(/\r?\n$/, ""));
if (given === "" || /\s/.test(given)) {
  process.stderr.write("usage: npx tsx scripts/hash-api-key.ts <key>  (or pipe the key on stdin; no spaces)\n");
  process.exit(2);
}
process.stdout.write(`${hashApiKey(given)}\n`);
