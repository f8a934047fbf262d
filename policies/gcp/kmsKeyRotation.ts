import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GCP } from "../lib/cloud";
import { configWithDefaults } from "../lib/config";

const configSchema = {
    properties: {
        maxRotationDays: { type: "integer" as const, minimum: 1, default: 90 },
    },
};

export const gcpKmsKeyRotation: ResourceValidationPolicy = {
    name: "gcp-kms-key-rotation",
    description: "Symmetric Cloud KMS crypto keys rotate at least every maxRotationDays.",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `rotationPeriod` to e.g. \"7776000s\" (90 days).",
    configSchema,
    validateResource: (args, report) => {
        if (args.type !== GCP.cryptoKey || (args.props.purpose ?? "ENCRYPT_DECRYPT") !== "ENCRYPT_DECRYPT") {
            return;
        }
        const { maxRotationDays } = configWithDefaults<{ maxRotationDays: number }>(configSchema, args.getConfig());
        const period = typeof args.props.rotationPeriod === "string" ? /^(\d+(?:\.\d+)?)s$/.exec(args.props.rotationPeriod) : null;
        if (!period) {
            report("rotationPeriod is not set");
        } else if (Number(period[1]) > maxRotationDays * 86400) {
            report(`rotationPeriod ${String(args.props.rotationPeriod)} exceeds ${maxRotationDays} days`);
        }
    },
};
