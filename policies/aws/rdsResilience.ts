import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS } from "../lib/cloud";
import { configWithDefaults } from "../lib/config";

const configSchema = {
    properties: {
        requireDeletionProtection: { type: "boolean" as const, default: true },
        requireMultiAz: { type: "boolean" as const, default: true, description: "Instances (not Aurora) must be Multi-AZ." },
    },
};

export const rdsResilience: ResourceValidationPolicy = {
    name: "aws-rds-deletion-protection-ha",
    description: "Production RDS databases have deletion protection and run Multi-AZ.",
    severity: "high",
    enforcementLevel: "advisory",
    remediationSteps: "Set `deletionProtection: true` and `multiAz: true` (Aurora: at least two cluster instances in different AZs).",
    configSchema,
    validateResource: (args, report) => {
        if ((args.type !== AWS.rdsInstance && args.type !== AWS.rdsCluster) || args.props.replicateSourceDb !== undefined) {
            return;
        }
        const cfg = configWithDefaults<{ requireDeletionProtection: boolean; requireMultiAz: boolean }>(configSchema, args.getConfig());
        if (cfg.requireDeletionProtection && args.props.deletionProtection !== true) {
            report("deletionProtection is not true");
        }
        if (cfg.requireMultiAz && args.type === AWS.rdsInstance && args.props.multiAz !== true) {
            report("multiAz is not true");
        }
    },
};
