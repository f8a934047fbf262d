import type { ResourceValidationPolicy } from "@pulumi/policy";
import { workloadContainers } from "../lib/kubernetes";
import { obj } from "../lib/values";

export const readOnlyRootFilesystem: ResourceValidationPolicy = {
    name: "k8s-read-only-root-filesystem",
    description: "Workload containers must mount their root filesystem read-only.",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `securityContext.readOnlyRootFilesystem: true`; mount an emptyDir at the paths the process writes (/tmp, caches).",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        for (const c of workloadContainers(args.type, args.props)) {
            if (obj(c.container.securityContext).readOnlyRootFilesystem !== true) {
                report(`${c.kind} "${c.name}" does not set securityContext.readOnlyRootFilesystem: true`);
            }
        }
    },
};
