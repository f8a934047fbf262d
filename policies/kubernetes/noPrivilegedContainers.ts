import type { ResourceValidationPolicy } from "@pulumi/policy";
import { workloadContainers } from "../lib/kubernetes";
import { obj } from "../lib/values";

export const noPrivilegedContainers: ResourceValidationPolicy = {
    name: "k8s-no-privileged-containers",
    description: "Workload containers must not run privileged (privileged containers own the node).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove `securityContext.privileged: true`; grant the single capability the container needs instead.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        for (const c of workloadContainers(args.type, args.props)) {
            if (obj(c.container.securityContext).privileged === true) {
                report(`${c.kind} "${c.name}" sets securityContext.privileged: true`);
            }
        }
    },
};
