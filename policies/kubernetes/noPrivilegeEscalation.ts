import type { ResourceValidationPolicy } from "@pulumi/policy";
import { workloadContainers } from "../lib/kubernetes";
import { obj } from "../lib/values";

export const noPrivilegeEscalation: ResourceValidationPolicy = {
    name: "k8s-no-privilege-escalation",
    description: "Every workload container must set securityContext.allowPrivilegeEscalation: false.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `securityContext.allowPrivilegeEscalation: false` on every container (the Kubernetes default is true).",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        for (const c of workloadContainers(args.type, args.props)) {
            if (obj(c.container.securityContext).allowPrivilegeEscalation !== false) {
                report(`${c.kind} "${c.name}" does not set securityContext.allowPrivilegeEscalation: false`);
            }
        }
    },
};
