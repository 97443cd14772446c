/**
 * Feed HTML sanitising for the dashboard (RELIABILITY C4): nothing executable survives; safe
 * formatting, links and images do, with absolute URLs and rel="noopener noreferrer nofollow".
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { sanitizeContent } from "../../../src/feeds/normalize/sanitize.js";

const BASE = "https://blog.example/posts/";

describe("sanitizeContent removes everything executable", () => {
  const hostile: [name: string, html: string, forbidden: RegExp][] = [
    ["<script> and its text", `<p>a</p><script>alert(1)</script><p>b</p>`, /script|alert/i],
    ["a javascript: link", `<a href="javascript:alert(1)">x</a>`, /javascript:/i],
    ["an obfuscated javascript: link", `<a href="  JaVaScRiPt:alert(1)">x</a><a href="java&#x09;script:alert(1)">y</a>`, /script:|alert/i],
    ["SVG onload", `<svg onload="alert(1)"><circle r="5"/></svg>`, /svg|onload|alert/i],
    ["SVG with a script inside", `<svg><script>alert(1)</script></svg>`, /svg|script|alert/i],
    ["event handlers", `<img src="x.png" onerror="alert(1)"><p onclick="alert(2)" onmouseover="alert(3)">t</p>`, /on\w+=|alert/i],
    ["<iframe>, <object>, <embed>", `<iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x.swf">`, /iframe|object|embed|evil|swf/i],
    ["<style> and style attributes", `<style>body{display:none}</style><p style="background:url(javascript:alert(1))">t</p>`, /style|display|javascript/i],
    ["<form> and inputs", `<form action="https://evil.example/"><input name="p"><button>go</button></form>`, /form|input|evil/i],
    ["data: URLs, even for images", `<img src="data:image/svg+xml;base64,PHN2Zz4="><a href="data:text/html,<script>alert(1)</script>">x</a>`, /data:|alert/i],
    ["a <meta> refresh and <base>", `<meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://evil.example/">`, /meta|base|evil/i],
    ["vbscript: links", `<a href="vbscript:msgbox(1)">x</a>`, /vbscript/i],
  ]; // prettier-ignore
  for (const [name, html, forbidden] of hostile) {
    it(name, () => assert.doesNotMatch(sanitizeContent(html, BASE), forbidden));
  }
});

describe("sanitizeContent keeps safe markup", () => {
  const kept: [name: string, html: string, expected: string][] = [
    ["formatting", `<p>Hello <b>bold</b> <em>em</em> <code>x</code></p>`, `<p>Hello <b>bold</b> <em>em</em> <code>x</code></p>`],
    ["links get rel and an absolute href", `<a href="../about" title="About" target="_blank">About</a>`, `<a href="https://blog.example/about" title="About" rel="noopener noreferrer nofollow">About</a>`],
    ["an existing rel is replaced", `<a href="https://x.example/" rel="opener">x</a>`, `<a href="https://x.example/" rel="noopener noreferrer nofollow">x</a>`],
    ["images get an absolute src", `<img src="img/kvm.png" alt="KVM" width="10" class="big">`, `<img src="https://blog.example/posts/img/kvm.png" alt="KVM" width="10" />`],
    ["mailto links", `<a href="mailto:a@example.com">mail</a>`, `<a href="mailto:a@example.com" rel="noopener noreferrer nofollow">mail</a>`],
    ["tables and lists", `<table><tr><td colspan="2">c</td></tr></table><ul><li>i</li></ul>`, `<table><tr><td colspan="2">c</td></tr></table><ul><li>i</li></ul>`],
    ["text of removed wrappers", `<font color="red">kept text</font>`, `kept text`],
  ]; // prettier-ignore
  for (const [name, html, expected] of kept) {
    it(name, () => assert.equal(sanitizeContent(html, BASE), expected));
  }
});
