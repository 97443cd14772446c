import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { readCatalog } from "../../../src/catalog/read-catalog.js";
import { createLinker } from "../../../src/linking/create-linker.js";
import type { ArticleLink, Linker, LinkKind } from "../../../src/model/links.js";

/** Links of a headline-only article on the real catalog. */
function linkTitle(linker: Linker, title: string, date = "2010-06-01"): ArticleLink[] {
  return linker.link({ title, summary: "", content: "", categories: [], publishedAt: new Date(`${date}T12:00:00Z`) });
}

const slugs = (links: ArticleLink[], kind: LinkKind) =>
  links
    .filter((link) => link.kind === kind)
    .map((link) => link.slug)
    .sort();

describe("aliases of the committed catalog", () => {
  let linker: Linker;
  before(async () => {
    linker = createLinker(await readCatalog());
  });

  describe("spelling variants reach the same hypervisor", () => {
    const cases: [string, string, string][] = [
      ["Hyper-V", "hyper-v", "2010-06-01"],
      ["HyperV", "hyper-v", "2010-06-01"],
      ["Hyper V", "hyper-v", "2010-06-01"],
      ["hyper-v", "hyper-v", "2010-06-01"],
      ["Microsoft Hyper-V Server", "hyper-v", "2010-06-01"],
      ["ESX3i", "esx", "2008-03-01"],
      ["ESX 3i", "esx", "2008-03-01"],
      ["VMware ESX Server 3i", "esx", "2008-03-01"],
      ["ESXi 5.1", "esx", "2013-01-01"],
      ["vSphere Hypervisor", "esx", "2012-01-01"],
      ["Xen", "xen", "2010-06-01"],
      ["XenServer 6", "xen", "2012-01-01"],
      ["Citrix Hypervisor", "xen", "2019-06-01"],
      ["Xen Project", "xen", "2014-01-01"],
      ["KVM", "kvm", "2010-06-01"],
      ["Kernel-based Virtual Machine", "kvm", "2010-06-01"],
      ["qemu", "qemu", "2010-06-01"],
      ["Oracle VM VirtualBox", "virtualbox", "2011-01-01"],
      ["Microsoft Virtual Server 2005 R2", "virtual-server", "2007-01-01"],
      ["Virtual Iron", "virtual-iron", "2008-01-01"],
      ["Parallels Desktop", "parallels", "2010-01-01"],
      ["bhyve", "bhyve", "2015-01-01"],
      ["Proxmox VE", "proxmox-ve", "2015-01-01"],
    ];
    for (const [title, slug, date] of cases) {
      it(`"${title}" -> ${slug}`, () => assert.deepEqual(slugs(linkTitle(linker, title, date), "HYPERVISOR"), [slug]));
    }
  });

  describe("false friends link no hypervisor", () => {
    const cases: [string, string][] = [
      ["Xenon headlights cost more to replace", "Xenon is its own word"],
      ["Citrix releases XenApp 6", "XenApp is not Xen"],
      ["Xen App and Xen Desktop bundles", "'Xen App' spelled apart is still XenApp"],
      ["Best KVM switches for a home lab", "KVM switch"],
      ["Raritan launches a KVM-over-IP console", "KVM over IP"],
      ["Review: a desktop KVM with USB keyboard emulation", "desktop KVM"],
      ["Cheap Linux virtual server hosting from $5 a month", "hosting ad"],
      ["Managed Windows virtual server hosting with Microsoft SQL Server, 99.9% uptime", "hosting ad naming Microsoft"],
      ["Historians draw parallels between two booms", "parallels, the word"],
      ["Firecracker injuries rise around the Fourth of July", "firework"],
      ["Half-Life fans rebuild Xen in Black Mesa", "Xen, the game world"],
      ["Proxmox Mail Gateway 3.1 adds filters", "another Proxmox product"],
    ];
    for (const [title, why] of cases) {
      it(`${why}: "${title}"`, () => assert.deepEqual(slugs(linkTitle(linker, title), "HYPERVISOR"), []));
    }
  });

  it("keeps 'Virtual Server' when the article is about Microsoft's product", () => {
    const links = linkTitle(linker, "Microsoft updates Virtual Server for Linux guests", "2006-06-01");
    assert.deepEqual(slugs(links, "HYPERVISOR"), ["virtual-server"]);
  });

  it("keeps Firecracker in an AWS story", () => {
    assert.deepEqual(slugs(linkTitle(linker, "AWS explains Firecracker microVMs"), "HYPERVISOR"), ["firecracker"]);
  });

  describe("validity spans follow the article's date", () => {
    const cases: [string, string, string[]][] = [
      ["Microsoft trims features from Viridian", "2007-05-15", ["hyper-v"]],
      ["Viridian green tops interior trends", "2015-09-01", []],
      ["Windows Server Virtualization beta slips", "2007-06-01", ["hyper-v"]],
      ["Windows Server virtualization licensing explained", "2013-02-14", []],
      ["vSphere 4 ships", "2009-05-21", ["esx"]],
      ["VMware Infrastructure 3 ships", "2006-06-15", ["esx"]],
    ];
    for (const [title, date, expected] of cases) {
      it(`"${title}" on ${date}`, () =>
        assert.deepEqual(slugs(linkTitle(linker, title, date), "HYPERVISOR"), expected));
    }
  });

  it("links vendors and topics named in the text", () => {
    const links = linkTitle(linker, "Red Hat adds virtio drivers and live migration to RHEV");
    assert.deepEqual(slugs(links, "VENDOR"), ["red-hat"]);
    assert.deepEqual(slugs(links, "TOPIC"), ["live-migration", "paravirtualization"]);
  });

  it("reports the alias, the field and the character offset of each mention", () => {
    const links = linker.link({
      title: "Citrix ships XenServer 5",
      summary: "The Xen-based release adds HA.",
      content: "<p>XenServer HA restarts <b>Xen</b> guests.</p>",
      categories: ["Virtualization", "Citrix"],
      publishedAt: new Date("2008-12-01T00:00:00Z"),
    });
    const xen = links.find((link) => link.kind === "HYPERVISOR" && link.slug === "xen");
    assert.deepEqual(xen?.evidence, [
      { alias: "XenServer", field: "title", offset: 13 },
      { alias: "Xen", field: "summary", offset: 4 },
      { alias: "XenServer", field: "content", offset: 3 },
      { alias: "Xen", field: "content", offset: 28 },
    ]);
    const citrix = links.find((link) => link.kind === "VENDOR" && link.slug === "citrix");
    assert.deepEqual(citrix?.evidence, [
      { alias: "Citrix", field: "title", offset: 0 },
      { alias: "Citrix", field: "categories", offset: 17 },
    ]);
  });

  it("counts a position once, with its longest alias", () => {
    const links = linkTitle(linker, "ESX Server 3i", "2008-01-01");
    assert.deepEqual(links.find((link) => link.slug === "esx")?.evidence, [
      { alias: "ESX Server 3i", field: "title", offset: 0 },
    ]);
  });

  it("is more confident for a title mention than for one deep in the content", () => {
    const inTitle = linkTitle(linker, "KVM news").find((link) => link.slug === "kvm");
    const inContent = linker
      .link({ title: "", summary: "", content: "about KVM", categories: [], publishedAt: new Date("2010-01-01") })
      .find((link) => link.slug === "kvm");
    assert.ok(inTitle && inContent && inTitle.confidence > inContent.confidence);
    assert.equal(inTitle.origin, "AUTO");
    assert.equal(inTitle.rejected, false);
    assert.equal(inTitle.relation, null);
  });
});
