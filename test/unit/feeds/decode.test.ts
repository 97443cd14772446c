/**
 * Charset detection and decoding (RELIABILITY B7): BOM, then Content-Type, then the XML
 * declaration; legacy labels that lie about UTF-8 bytes; refusing undecodable bodies.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import iconv from "iconv-lite";

import { charsetFromContentType, charsetFromProlog, decodeFeedBody } from "../../../src/feeds/parse/decode.js";
import { FEED_URL, fixture, parse, parseError } from "./fixtures.js";

const TITLE = "Гипервизор KVM: «Привет», Ёжик — ça marche, Café";
const doc = (declared: string | null, title = TITLE) =>
  `<?xml version="1.0"${declared ? ` encoding="${declared}"` : ""}?><rss version="2.0"><channel><title>${title}</title></channel></rss>`;

describe("decodeFeedBody: charsets", () => {
  const cyrillic = "Новости гипервизоров: Ёжик";
  const latin = "Virtualisation: déjà vu, naïve Café";
  const cases: { name: string; body: Buffer; contentType: string | null; title: string; encoding: string }[] = [
    { name: "windows-1251 in the header only", body: iconv.encode(doc(null, cyrillic), "windows-1251"), contentType: "text/xml; charset=windows-1251", title: cyrillic, encoding: "windows-1251" },
    { name: "windows-1251 in the prolog only", body: iconv.encode(doc("windows-1251", cyrillic), "windows-1251"), contentType: "text/xml", title: cyrillic, encoding: "windows-1251" },
    { name: "KOI8-R in the prolog", body: iconv.encode(doc("KOI8-R", cyrillic), "koi8-r"), contentType: null, title: cyrillic, encoding: "koi8-r" },
    { name: "KOI8-R in a quoted header charset", body: iconv.encode(doc(null, cyrillic), "koi8-r"), contentType: 'application/rss+xml; charset="KOI8-R"', title: cyrillic, encoding: "koi8-r" },
    { name: "ISO-8859-1 (read as windows-1252, like browsers)", body: iconv.encode(doc("ISO-8859-1", latin), "latin1"), contentType: null, title: latin, encoding: "windows-1252" },
    { name: "header wins over the prolog", body: iconv.encode(doc("ISO-8859-1", cyrillic), "windows-1251"), contentType: "text/xml; charset=windows-1251", title: cyrillic, encoding: "windows-1251" },
    { name: "a lying prolog: says ISO-8859-1, bytes are UTF-8", body: Buffer.from(doc("ISO-8859-1")), contentType: null, title: TITLE, encoding: "utf-8" },
    { name: "a wrong utf-8 header falls back to the prolog", body: iconv.encode(doc("windows-1251", cyrillic), "windows-1251"), contentType: "text/xml; charset=utf-8", title: cyrillic, encoding: "windows-1251" },
    { name: "UTF-8 with BOM", body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc("UTF-8"))]), contentType: null, title: TITLE, encoding: "utf-8" },
    { name: "UTF-16LE with BOM", body: Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(doc("UTF-16"), "utf-16le")]), contentType: null, title: TITLE, encoding: "utf-16le" },
    { name: "UTF-16BE with BOM", body: Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(doc("UTF-16"), "utf-16be")]), contentType: null, title: TITLE, encoding: "utf-16be" },
    { name: "UTF-16LE without BOM", body: iconv.encode(doc("UTF-16"), "utf-16le"), contentType: null, title: TITLE, encoding: "utf-16le" },
    { name: "UTF-16BE without BOM", body: iconv.encode(doc("UTF-16"), "utf-16be"), contentType: null, title: TITLE, encoding: "utf-16be" },
    { name: "no declaration at all: UTF-8", body: Buffer.from(doc(null)), contentType: null, title: TITLE, encoding: "utf-8" },
  ]; // prettier-ignore
  for (const { name, body, contentType, title, encoding } of cases) {
    it(name, () => {
      assert.equal(decodeFeedBody(body, contentType, FEED_URL).encoding, encoding);
      assert.equal(parse(body, contentType).title, title);
    });
  }
});

describe("decodeFeedBody: fixtures", () => {
  const cases = [
    { path: "miniflux-v2/internal/reader/parser/testdata/encoding_WINDOWS-1251.xml", contentType: "text/xml", title: "Цитата #17703" },
    { path: "miniflux-v2/internal/reader/parser/testdata/no_encoding_ISO-8859-1.xml", contentType: "application/xml; charset=ISO-8859-1", title: "La criminalité liée surtout à... l'ennui ?", item: 2 },
    { path: "miniflux-v2/internal/reader/encoding/testdata/koi8r.xml", contentType: null, title: "Первая новость" },
    { path: "miniflux-v2/internal/reader/encoding/testdata/utf8-incorrect-prolog.xml", contentType: null, title: "Café" },
    { path: "danmactough-node-feedparser/test/feeds/iconv.xml", contentType: null, title: "В Бузулуке главные стройплощадки – детсад и Ледовый дворец" },
  ]; // prettier-ignore
  for (const { path, contentType, title, item } of cases) {
    it(path, () => assert.equal(parse(fixture(path), contentType).items[item ?? 0]?.title, title));
  }

  it("miniflux-v2 iso-8859-1.xml: with its header, with an HTML Content-Type, and with none", () => {
    const body = fixture("miniflux-v2/internal/reader/encoding/testdata/iso-8859-1.xml");
    for (const contentType of ["text/xml; charset=ISO-8859-1", "text/html; charset=ISO-8859-1", null]) {
      assert.equal(parse(body, contentType).title, "Café");
    }
  });

  const unicode = [
    { path: "kurtmckee-feedparser/tests/encoding/utf-16be-bom.xml", encoding: "utf-16be" },
    { path: "kurtmckee-feedparser/tests/encoding/utf-16le.xml", encoding: "utf-16le" },
    { path: "kurtmckee-feedparser/tests/encoding/utf-16be-autodetect.xml", encoding: "utf-16be" },
    { path: "kurtmckee-feedparser/tests/encoding/utf-32le-bom.xml", encoding: "utf-32le" },
  ];
  for (const { path, encoding } of unicode) {
    it(`${path} decodes as ${encoding}`, () => {
      const decoded = decodeFeedBody(fixture(path), null, FEED_URL);
      assert.equal(decoded.encoding, encoding);
      assert.match(decoded.text, /^<\?xml version="1\.0"/);
      assert.equal(parse(fixture(path)).format, "rss2.0");
    });
  }
});

describe("decodeFeedBody: undecodable bodies are refused, never mojibake", () => {
  const cases = [
    { name: "KOI8-R with no declaration", body: fixture("kurtmckee-feedparser/tests/illformed/chardet/koi8r.xml"), contentType: null },
    { name: "ISO-8859-1 bytes with no declaration", body: iconv.encode(doc(null, "Déjà vu à Noël"), "latin1"), contentType: null },
    { name: "windows-1251 bytes declared utf-8", body: iconv.encode(doc("utf-8", "Новости"), "windows-1251"), contentType: "text/xml; charset=utf-8" },
    { name: "an unknown charset on non-UTF-8 bytes", body: iconv.encode(doc("x-klingon", "Новости"), "windows-1251"), contentType: null },
  ]; // prettier-ignore
  for (const { name, body, contentType } of cases) {
    it(name, () => {
      const error = parseError(() => decodeFeedBody(body, contentType, FEED_URL));
      assert.equal(error.code, "UNDECODABLE");
      assert.ok(error.message.startsWith(`${FEED_URL}: `), error.message);
    });
  }

  it("keeps a UTF-8 body with a rare stray byte (replacement character, not a refusal)", () => {
    const text = doc("utf-8", `${"Новости ".repeat(20)}\u0000`);
    const body = Buffer.from(text.replace("\u0000", "X"));
    body[body.indexOf("X")] = 0xff;
    assert.match(decodeFeedBody(body, null, FEED_URL).text, /Новости \ufffd/);
  });

  it("an unknown label on UTF-8 bytes reads them as UTF-8", () => {
    assert.equal(parse(Buffer.from(doc("invalid"))).title, TITLE);
  });
});

describe("charset labels", () => {
  const headers: [string | null, string | null][] = [
    ["text/xml; charset=UTF-8", "utf-8"],
    ['application/rss+xml;charset="windows-1251"', "windows-1251"],
    ["text/xml; format=flowed; charset=koi8-r", "koi8-r"],
    ["text/xml", null],
    [null, null],
  ];
  for (const [header, label] of headers) {
    it(`Content-Type ${String(header)} → ${String(label)}`, () => assert.equal(charsetFromContentType(header), label));
  }

  const prologs: [string, string | null][] = [
    [`<?xml version="1.0" encoding="KOI8-R"?><rss/>`, "koi8-r"],
    [`<?xml version='1.0' encoding='iso-8859-1' standalone='yes'?>`, "iso-8859-1"],
    [`<?xml version="1.0"?><rss/>`, null],
    [`<rss encoding="utf-8"/>`, null],
  ];
  for (const [text, label] of prologs) {
    it(`prolog ${text} → ${String(label)}`, () => assert.equal(charsetFromProlog(Buffer.from(text)), label));
  }
});
