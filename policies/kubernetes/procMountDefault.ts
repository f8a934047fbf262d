import type { ResourceValidationPolicy } from "@pulumi/policy";
import { workloadContainers } from "../lib/kubernetes";
import { obj } from "../lib/values";

export const procMountDefault: ResourceValidationPolicy = {
    name: "k8s-proc-mount-default",
    description: "Containers keep the default masked /proc (securityContext.procMount unset or Default); Unmasked exposes the node's kernel interfaces under /proc.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove `securityContext.procMount` (or set it to `Default`).",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        for (const c of workloadContainers(args.type, args.props)) {
            const procMount = obj(c.container.securityContext).procMount;
            if (procMount !== undefined && procMount !== null && procMount !== "Default") {
                report(`${c.kind} "${c.name}" sets securityContext.procMount: ${JSON.stringify(procMount)} (only Default is allowed)`);
            }
        }
    },
};
