import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { credentialReason } from "../lib/credentials";
import { workloadContainers } from "../lib/kubernetes";
import { arr, obj } from "../lib/values";

const configSchema = {
    properties: {
        allowedKeys: { type: "array" as const, items: { type: "string" as const }, default: [] as string[], description: "Variable names reviewed as not secret." },
    },
};

export const noCredentialsInEnv: ResourceValidationPolicy = {
    name: "k8s-no-credentials-in-env",
    description: "Container env vars must not carry literal values that look like credentials.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Use `valueFrom.secretKeyRef` (a Secret created from Pulumi secret config) instead of a literal `value`.",
    configSchema,
    validateResource: (args, report) => {
        const { allowedKeys } = configWithDefaults<{ allowedKeys: string[] }>(configSchema, args.getConfig());
        for (const c of workloadContainers(args.type, args.props)) {
            for (const raw of arr(c.container.env)) {
                const e = obj(raw);
                const reason = typeof e.name === "string" ? credentialReason(e.name, e.value, allowedKeys) : undefined;
                if (reason) {
                    report(`${c.kind} "${c.name}": ${reason}`);
                }
            }
        }
    },
};
