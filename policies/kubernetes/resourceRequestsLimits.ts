import type { ResourceValidationPolicy } from "@pulumi/policy";
import { workloadContainers } from "../lib/kubernetes";
import { obj } from "../lib/values";

export const resourceRequestsLimits: ResourceValidationPolicy = {
    name: "k8s-resource-requests-limits",
    description: "Every container (init containers included) must set CPU and memory requests and limits.",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `resources.requests.{cpu,memory}` and `resources.limits.{cpu,memory}` on every container.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        for (const c of workloadContainers(args.type, args.props)) {
            if (c.kind === "ephemeral container") {
                continue; // the API forbids resources on ephemeral containers
            }
            const resources = obj(c.container.resources);
            const missing: string[] = [];
            for (const section of ["requests", "limits"]) {
                for (const r of ["cpu", "memory"]) {
                    const v = obj(resources[section])[r];
                    if (v === undefined || v === null || v === "") {
                        missing.push(`${section}.${r}`);
                    }
                }
            }
            if (missing.length > 0) {
                report(`${c.kind} "${c.name}" is missing resources ${missing.join(", ")}`);
            }
        }
    },
};
