import type { ResourceValidationPolicy } from "@pulumi/policy";
import { effective, podSpecOf, workloadContainers } from "../lib/kubernetes";

export const runAsNonRoot: ResourceValidationPolicy = {
    name: "k8s-run-as-non-root",
    description: "Workload containers must run as a non-root user (runAsNonRoot: true and never runAsUser: 0).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `securityContext.runAsNonRoot: true` on the pod or container and a non-zero `runAsUser` if the image has no numeric USER.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        const spec = podSpecOf(args.type, args.props);
        if (!spec) {
            return;
        }
        for (const c of workloadContainers(args.type, args.props)) {
            if (effective(c.container, spec, "runAsUser") === 0) {
                report(`${c.kind} "${c.name}" runs as root (runAsUser: 0)`);
            } else if (effective(c.container, spec, "runAsNonRoot") !== true) {
                report(`${c.kind} "${c.name}" does not set runAsNonRoot: true (container or pod securityContext)`);
            }
        }
    },
};
