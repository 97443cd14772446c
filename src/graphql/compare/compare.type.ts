import { Field, ObjectType, registerEnumType } from "type-graphql";

import type { Aspect } from "../../timeline/compare.js";
import { FactChange } from "../common/objects.js";
import { Hypervisor } from "../hypervisor/hypervisor.type.js";

export const ComparisonAspectEnum = {
  ARCHITECTURE: "ARCHITECTURE",
  HARDWARE_ASSIST: "HARDWARE_ASSIST",
  PARAVIRTUALIZATION: "PARAVIRTUALIZATION",
} as const satisfies Record<Aspect, Aspect>;
registerEnumType(ComparisonAspectEnum, { name: "ComparisonAspect" });

@ObjectType({ description: "One hypervisor's answer to one aspect, with the newest articles about both (at most 5)." })
export class ComparisonCell {
  @Field(() => Hypervisor)
  hypervisor!: Hypervisor;

  @Field(() => String, { description: 'e.g. "microkernelized; control domain: dom0".' })
  summary!: string;

  @Field(() => [FactChange])
  changes!: FactChange[];
}

@ObjectType({ description: "One aspect across the compared hypervisors, in the order asked." })
export class ComparisonRow {
  @Field(() => ComparisonAspectEnum)
  aspect!: Aspect;

  @Field(() => String, { description: "The catalog topic of the aspect." })
  topic!: string;

  @Field(() => [ComparisonCell])
  cells!: ComparisonCell[];
}

@ObjectType({ description: "Hypervisors side by side on architecture, hardware assist and paravirtualization." })
export class Comparison {
  @Field(() => [Hypervisor])
  hypervisors!: Hypervisor[];

  @Field(() => [ComparisonRow])
  rows!: ComparisonRow[];
}
