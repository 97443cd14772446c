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
    ["references hiding javascript:", `<a href="&#106;avascript:alert(1)">a</a><a href="&#x6A;avascript:alert(2)">b</a><a href="javascript&colon;alert(3)">c</a><a href="jav&NewLine;ascript:alert(4)">d</a>`, /javascript|alert/i],
    ["control characters and case in the scheme", `<a href="\u0001java\nscript:alert(1)">a</a><a href="JAVASCRIPT:alert(2)">b</a><img src=" data:image/png;base64,AA">`, /javascript|alert|data:/i],
    ["math, template, noscript and textarea content", `<math><mi>m</mi></math><template><b>t</b></template><noscript><img src="https://x.example/n.png"></noscript><textarea>ta</textarea><select><option>o</option></select>`, /<|m|t|n\.png|ta|o/],
    ["script hidden in a comment or CDATA", `<!-- <script>alert(1)</script> --><![CDATA[<script>alert(2)</script>]]>`, /script|alert/i],
    ["a script end tag inside a script", `<script>document.write("</scr" + "ipt>")</script>`, /script|document|ipt/i],
    ["a quote that breaks out of an attribute", `<a href="https://x.example/" title='"><script>alert(1)</script>'>x</a>`, /<script/i],
  ]; // prettier-ignore
  it("protocol-relative and relative links without a base", () =>
    assert.doesNotMatch(sanitizeContent(`<a href="//evil.example/">x</a><img src="i.png">`, null), /evil|i\.png/));
  it("protocol-relative links resolve against the base to its scheme", () =>
    assert.equal(
      sanitizeContent(`<a href="//cdn.example/a">x</a>`, BASE),
      `<a href="https://cdn.example/a" rel="noopener noreferrer nofollow">x</a>`,
    ));
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
    ["text and attribute values escaped", `<p title="x">1 < 2 &amp; 3 > 2 "q"</p><a href="/?a=1&b=2" title='say "hi" <b>'>x</a>`, `<p>1 &lt; 2 &amp; 3 &gt; 2 "q"</p><a href="https://blog.example/?a=1&amp;b=2" title="say &quot;hi&quot; &lt;b&gt;" rel="noopener noreferrer nofollow">x</a>`],
    ["references decoded", `<p>&hellip; &copy 2024 &#x2014; &eacute;&notit; &bogus; AT&T</p>`, `<p>… © 2024 — é¬it; &amp;bogus; AT&amp;T</p>`],
    ["unclosed elements closed", `<p>a <b>bold <i>both`, `<p>a <b>bold <i>both</i></b></p>`],
    ["stray end tags dropped", `</div>a</b></span>b`, `ab`],
    ["a '<' that starts no tag is text", `a < b <3 c</`, `a &lt; b &lt;3 c&lt;/`],
    ["implied end tags (htmlparser2's rules)", `<ul><li>a<li>b</ul><p>c<p>d`, `<ul><li>a</li><li>b</li></ul><p>c</p><p>d</p>`],
    ["void elements", `a<br>b<br/>c</br><hr><wbr>`, `a<br />b<br />c<br /><hr /><wbr />`],
    ["a quoted '>' does not end a tag", `<img alt="a > b" src="/i.png">`, `<img alt="a &gt; b" src="https://blog.example/i.png" />`],
    ["citations resolved", `<blockquote cite="/source">q</blockquote>`, `<blockquote cite="https://blog.example/source">q</blockquote>`],
    ["upper-case tags and attributes", `<P><A HREF="/x" TITLE="t">l</A></P>`, `<p><a href="https://blog.example/x" title="t" rel="noopener noreferrer nofollow">l</a></p>`],
    ["the first of two equal attributes wins", `<img src="https://a.example/1.png" src="https://b.example/2.png">`, `<img src="https://a.example/1.png" />`],
    ["empty attributes dropped, except alt", `<img src="/i.png" alt="" title="" width>`, `<img src="https://blog.example/i.png" alt="" />`],
    ["svg content dropped, text after it kept", `<p>a<svg><text>s</text></svg>b<svg/>c<svg />d</p>`, `<p>abcd</p>`],
    ["an svg whose slash belongs to a value is not self-closing", `<p>a<svg x=y/>s</svg>b</p>`, `<p>ab</p>`],
    ["title text kept as text", `<title>T &amp; <b>x</b></title>`, `T &amp; &lt;b&gt;x&lt;/b&gt;`],
  ]; // prettier-ignore
  for (const [name, html, expected] of kept) {
    it(name, () => assert.equal(sanitizeContent(html, BASE), expected));
  }
});
