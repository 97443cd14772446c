/**
 * Format detection from the document's first significant bytes: the XML root (after declaration,
 * comments, PIs and DOCTYPE), its version and namespace, or a JSON object.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { detectFormat } from "../../../src/feeds/parse/detect-format.js";
import { type FeedFormat } from "../../../src/feeds/parse/parsed-feed.js";
import { FEED_URL, parseError } from "./fixtures.js";

const detected: [name: string, text: string, format: FeedFormat, root: string | null][] = [
  ["RSS 2.0", `<rss version="2.0"><channel/></rss>`, "rss2.0", "rss"],
  ["RSS 2.01", `<rss version="2.01"><channel/></rss>`, "rss2.0", "rss"],
  ["RSS without a version", `<rss><channel/></rss>`, "rss2.0", "rss"],
  ["RSS 0.91", `<rss version="0.91"><channel/></rss>`, "rss0.9x", "rss"],
  ["RSS 0.94", `<rss version='0.94'><channel/></rss>`, "rss0.9x", "rss"],
  ["prefixed RSS root", `<r:rss xmlns:r="http://backend.userland.com/rss2" version="2.0"/>`, "rss2.0", "r:rss"],
  ["RSS 1.0 (RDF)", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"/>`, "rss1.0", "rdf:RDF"],
  ["RDF with another prefix", `<RDF:RDF xmlns:RDF="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"/>`, "rss1.0", "RDF:RDF"],
  ["RSS 0.90 (Netscape RDF)", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/"/>`, "rss0.9x", "rdf:RDF"],
  ["Atom 1.0", `<feed xmlns="http://www.w3.org/2005/Atom"/>`, "atom1.0", "feed"],
  ["prefixed Atom 1.0", `<a:feed xmlns:a="http://www.w3.org/2005/Atom"/>`, "atom1.0", "a:feed"],
  ["Atom 0.3", `<feed version="0.3" xmlns="http://purl.org/atom/ns#"/>`, "atom0.3", "feed"],
  ["JSON Feed 1.1", `{"version":"https://jsonfeed.org/version/1.1","items":[]}`, "json1.1", null],
  ["JSON Feed 1.0", `{"version":"https://jsonfeed.org/version/1","items":[]}`, "json1.0", null],
  ["declaration, comment, PI and DOCTYPE first", `<?xml version="1.0"?>\n<!-- c -->\n<?xml-stylesheet href="x.xsl"?>\n<!DOCTYPE rss [<!ENTITY a "b">]>\n<rss version="2.0"/>`, "rss2.0", "rss"],
  ["leading BOM and blank lines", `\ufeff\n\n  <rss version="2.0"/>`, "rss2.0", "rss"],
  ["a PHP warning before the XML", `Warning: something<br/>\n<?xml version="1.0"?><rss version="2.0"/>`, "rss2.0", "rss"],
]; // prettier-ignore

describe("detectFormat", () => {
  for (const [name, text, format, root] of detected) {
    it(name, () => {
      const result = detectFormat(text, FEED_URL);
      assert.equal(result.format, format);
      assert.equal(result.rootName, root);
    });
  }

  const rejected: [name: string, text: string, code: string][] = [
    ["empty", "", "EMPTY"],
    ["whitespace only", " \n\t ", "EMPTY"],
    ["HTML page", `<!DOCTYPE html><html><head><title>x</title></head></html>`, "UNSUPPORTED_FORMAT"],
    ["another XML vocabulary", `<?xml version="1.0"?><note><to>x</to></note>`, "UNSUPPORTED_FORMAT"],
    ["Microsoft CDF", `<CHANNEL HREF="http://x/"><TITLE>x</TITLE></CHANNEL>`, "UNSUPPORTED_FORMAT"],
    ["a JSON array", `[1, 2]`, "UNSUPPORTED_FORMAT"],
    ["plain text", `just some words`, "UNSUPPORTED_FORMAT"],
  ];
  for (const [name, text, code] of rejected) {
    it(`rejects ${name} with ${code}`, () => {
      const error = parseError(() => detectFormat(text, FEED_URL));
      assert.equal(error.code, code);
      assert.ok(error.message.startsWith(FEED_URL), error.message);
    });
  }
});
