import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { credentialReason } from "../lib/credentials";
import { isConfigMapType } from "../lib/kinds";
import { obj } from "../lib/values";

const configSchema = {
    properties: {
        allowedKeys: { type: "array" as const, items: { type: "string" as const }, default: [] as string[], description: "Keys reviewed as not secret." },
    },
};

export const noCredentialsInConfigMaps: ResourceValidationPolicy = {
    name: "k8s-no-credentials-in-configmaps",
    description: "ConfigMaps must not hold values that look like credentials (passwords, tokens, keys).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Move the value to a Kubernetes Secret fed from Pulumi secret config and reference it with `secretKeyRef`.",
    configSchema,
    validateResource: (args, report) => {
        if (!isConfigMapType(args.type)) {
            return;
        }
        const { allowedKeys } = configWithDefaults<{ allowedKeys: string[] }>(configSchema, args.getConfig());
        for (const [key, value] of Object.entries(obj(args.props.data))) {
            const reason = credentialReason(key, value, allowedKeys);
            if (reason) {
                report(`ConfigMap ${reason}`);
            }
        }
        for (const [key, value] of Object.entries(obj(args.props.binaryData))) {
            const reason = typeof value === "string" ? credentialReason(key, Buffer.from(value, "base64").toString("utf8"), allowedKeys) : undefined;
            if (reason) {
                report(`ConfigMap binaryData ${reason}`);
            }
        }
    },
};
