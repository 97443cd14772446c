import { Field, GraphQLISODateTime, ObjectType, registerEnumType } from "type-graphql";

import type { ArchitectureStyle, HardwareAssistRequirement, HypervisorKind } from "../../model/catalog.js";
import { Alias, FactChange, PartialDate, Source } from "../common/objects.js";

export const HypervisorKindEnum = {
  BARE_METAL: "BARE_METAL",
  HOSTED: "HOSTED",
  KERNEL_MODULE: "KERNEL_MODULE",
} as const satisfies Record<HypervisorKind, HypervisorKind>;
registerEnumType(HypervisorKindEnum, { name: "HypervisorKind" });

export const ArchitectureStyleEnum = {
  MONOLITHIC: "MONOLITHIC",
  MICROKERNELIZED: "MICROKERNELIZED",
  KERNEL_INTEGRATED: "KERNEL_INTEGRATED",
  HOSTED: "HOSTED",
} as const satisfies Record<ArchitectureStyle, ArchitectureStyle>;
registerEnumType(ArchitectureStyleEnum, { name: "ArchitectureStyle" });

export const HardwareAssistRequirementEnum = {
  REQUIRED: "REQUIRED",
  OPTIONAL: "OPTIONAL",
  NOT_USED: "NOT_USED",
} as const satisfies Record<HardwareAssistRequirement, HardwareAssistRequirement>;
registerEnumType(HardwareAssistRequirementEnum, {
  name: "HardwareAssistRequirement",
  description: "Whether the hypervisor needs CPU virtualization extensions (Intel VT-x, AMD-V).",
});

@ObjectType({ description: "Who sold or stewarded a hypervisor, and when (null: open-ended).", simpleResolvers: true })
export class VendorTenure {
  @Field(() => String, { description: "The vendor's slug." })
  slug!: string;

  @Field(() => GraphQLISODateTime, { nullable: true })
  from!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  to!: Date | null;
}

@ObjectType({ simpleResolvers: true })
export class ArchitectureFact {
  @Field(() => ArchitectureStyleEnum)
  style!: ArchitectureStyle;

  @Field(() => String, {
    nullable: true,
    description: 'The privileged management domain, e.g. "dom0", "parent partition".',
  })
  controlDomain!: string | null;

  @Field(() => [FactChange])
  changes!: FactChange[];
}

@ObjectType({ simpleResolvers: true })
export class HardwareAssistFact {
  @Field(() => HardwareAssistRequirementEnum)
  requirement!: HardwareAssistRequirement;

  @Field(() => [FactChange])
  changes!: FactChange[];
}

@ObjectType({ simpleResolvers: true })
export class ParavirtualizationFact {
  @Field(() => [String], { description: "What is paravirtualized (virtio devices, PV guests, enlightenments, ...)." })
  supports!: string[];

  @Field(() => [FactChange])
  changes!: FactChange[];
}

@ObjectType({ description: "A hypervisor of the catalog, identified by its slug.", simpleResolvers: true })
export class Hypervisor {
  @Field(() => String)
  slug!: string;

  @Field(() => String)
  name!: string;

  @Field(() => HypervisorKindEnum)
  kind!: HypervisorKind;

  @Field(() => PartialDate, { nullable: true })
  firstRelease!: PartialDate | null;

  @Field(() => String, { nullable: true })
  homepage!: string | null;

  @Field(() => [Alias], { description: "The names the linker matches." })
  aliases!: Alias[];

  @Field(() => [Source])
  sources!: Source[];
}
