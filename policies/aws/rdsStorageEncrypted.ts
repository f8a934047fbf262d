import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS } from "../lib/cloud";

export const rdsStorageEncrypted: ResourceValidationPolicy = {
    name: "aws-rds-storage-encrypted",
    description: "RDS instances and Aurora clusters encrypt their storage at rest.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `storageEncrypted: true` (with `kmsKeyId` of the stack's KMS key where one is declared); encryption cannot be added in place, so plan a snapshot restore.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (args.type !== AWS.rdsInstance && args.type !== AWS.rdsCluster) {
            return;
        }
        if (args.type === AWS.rdsInstance && args.props.replicateSourceDb !== undefined) {
            return; // read replicas inherit the source's encryption
        }
        if (args.props.storageEncrypted !== true) {
            report("storageEncrypted is not true");
        }
    },
};
