import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { workloadContainers } from "../lib/kubernetes";
import { arr, obj } from "../lib/values";

const configSchema = {
    properties: {
        allowedAddedCapabilities: {
            type: "array" as const, items: { type: "string" as const }, default: ["NET_BIND_SERVICE"],
            description: "Capabilities a container may add back after dropping ALL.",
        },
    },
};

export const dropCapabilities: ResourceValidationPolicy = {
    name: "k8s-drop-capabilities",
    description: "Workload containers must drop ALL capabilities and add back only allowed ones.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `securityContext.capabilities.drop: [\"ALL\"]` and add back only what the process needs (e.g. NET_BIND_SERVICE).",
    configSchema,
    validateResource: (args, report) => {
        const { allowedAddedCapabilities } = configWithDefaults<{ allowedAddedCapabilities: string[] }>(configSchema, args.getConfig());
        const allowed = new Set(allowedAddedCapabilities.map(c => c.toUpperCase().replace(/^CAP_/, "")));
        for (const c of workloadContainers(args.type, args.props)) {
            const caps = obj(obj(c.container.securityContext).capabilities);
            if (!arr(caps.drop).some(d => typeof d === "string" && d.toUpperCase() === "ALL")) {
                report(`${c.kind} "${c.name}" does not drop ALL capabilities`);
            }
            const added = arr(caps.add).filter(a => typeof a === "string" && !allowed.has(a.toUpperCase().replace(/^CAP_/, "")));
            if (added.length > 0) {
                report(`${c.kind} "${c.name}" adds capabilities ${added.join(", ")} (allowed: ${[...allowed].join(", ") || "none"})`);
            }
        }
    },
};
