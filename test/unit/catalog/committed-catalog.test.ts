import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";

import { CatalogError } from "../../../src/catalog/catalog-error.js";
import { readCatalog } from "../../../src/catalog/read-catalog.js";
import type { Catalog } from "../../../src/model/catalog.js";

const day = (text: string) => new Date(`${text}T00:00:00Z`);

describe("the committed catalog (schema/catalog)", () => {
  let catalog: Catalog;
  before(async () => {
    catalog = await readCatalog();
  });

  it("has the required hypervisors, vendors and topics", () => {
    const slugs = (entries: { slug: string }[]) => new Set(entries.map((entry) => entry.slug));
    const hypervisors = slugs(catalog.hypervisors);
    for (const slug of ["esx", "xen", "hyper-v", "kvm", "qemu", "virtualbox", "virtual-server", "virtual-iron"]) {
      assert.ok(hypervisors.has(slug), slug);
    }
    for (const slug of ["parallels", "bhyve", "proxmox-ve"]) assert.ok(hypervisors.has(slug), slug);
    const vendors = slugs(catalog.vendors);
    const requiredVendors = ["vmware", "microsoft", "citrix", "xensource", "red-hat", "qumranet", "novell-suse"];
    for (const slug of [...requiredVendors, "virtual-iron", "oracle", "broadcom", "intel", "amd"]) {
      assert.ok(vendors.has(slug), slug);
    }
    const topics = slugs(catalog.topics);
    for (const slug of ["hypervisor-architecture", "hardware-assist", "paravirtualization", "live-migration"]) {
      assert.ok(topics.has(slug), slug);
    }
    for (const slug of ["security-advisory", "licensing-pricing", "management"]) assert.ok(topics.has(slug), slug);
  });

  it("names each required hypervisor by its known aliases", () => {
    const aliases = (slug: string) =>
      new Set(catalog.hypervisors.find((entry) => entry.slug === slug)?.aliases.map((alias) => alias.text));
    const required: Record<string, string[]> = {
      esx: ["VMware ESX", "ESX Server", "ESXi", "ESX 3i", "embedded ESX", "vSphere Hypervisor"],
      xen: ["Xen", "Xen hypervisor", "XenServer", "Citrix Hypervisor", "Xen Project"],
      "hyper-v": ["Hyper-V", "Viridian", "Windows Server Virtualization", "Windows hypervisor", "Hyper-V Server"],
      kvm: ["KVM", "Kernel-based Virtual Machine"],
    };
    for (const [slug, texts] of Object.entries(required)) {
      for (const text of texts) assert.ok(aliases(slug).has(text), `${slug}: ${text}`);
    }
  });

  it("dates the required events as the issue states", () => {
    const phases = (slug: string) =>
      catalog.events.find((event) => event.slug === slug)?.phases.map((phase) => [phase.name, phase.date]);
    assert.deepEqual(phases("citrix-acquires-xensource"), [
      ["announced", day("2007-08-15")],
      ["closed", day("2007-10-22")],
    ]);
    assert.deepEqual(phases("vmware-announces-esx-3i"), [["announced", day("2007-09-11")]]);
    assert.deepEqual(phases("vmware-esxi-free"), [
      ["announced", day("2008-07-22")],
      ["available", day("2008-07-28")],
    ]);
    assert.deepEqual(phases("hyper-v-released"), [["released", day("2008-06-26")]]);
    assert.deepEqual(phases("red-hat-acquires-qumranet"), [["announced", day("2008-09-04")]]);
    const kvm = catalog.events.find((event) => event.slug === "kvm-merged-into-linux")?.phases[0];
    assert.deepEqual(kvm?.date, day("2007-02-04"));
    assert.match(kvm?.dateNote ?? "", /5 February/);
  });

  it("has at least 36 events from 2001 to 2025, each sourced", () => {
    assert.ok(catalog.events.length >= 36, `${catalog.events.length} events`);
    const years = catalog.events.flatMap((event) => event.phases.map((phase) => phase.date.getUTCFullYear()));
    assert.equal(Math.min(...years), 2001);
    assert.equal(Math.max(...years), 2025);
    for (const event of catalog.events) {
      assert.ok(event.sources.length >= 1, event.slug);
      assert.ok(event.hypervisors.length + event.vendors.length >= 1, `${event.slug} names no entry`);
    }
  });

  it("gives every hypervisor facts on architecture, hardware assist and paravirtualization", () => {
    for (const hypervisor of catalog.hypervisors) {
      assert.ok(hypervisor.sources.length >= 1, hypervisor.slug);
      assert.ok(hypervisor.facts.architecture.style, hypervisor.slug);
      assert.ok(hypervisor.facts.hardwareAssist.requirement, hypervisor.slug);
      assert.ok(Array.isArray(hypervisor.facts.paravirtualization.supports), hypervisor.slug);
    }
  });

  it("fails clearly when a file is missing", async () => {
    await assert.rejects(readCatalog(join(tmpdir(), "no-such-catalog-dir")), (error: unknown) => {
      assert.ok(error instanceof CatalogError);
      assert.deepEqual(
        error.issues.map((issue) => issue.file),
        ["hypervisors.json", "vendors.json", "topics.json", "events.json"],
      );
      assert.match(error.issues[0]?.message ?? "", /cannot read/);
      return true;
    });
  });
});
