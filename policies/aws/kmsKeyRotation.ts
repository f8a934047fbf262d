import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS } from "../lib/cloud";

export const awsKmsKeyRotation: ResourceValidationPolicy = {
    name: "aws-kms-key-rotation",
    description: "Symmetric KMS keys rotate their key material automatically.",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `enableKeyRotation: true` (optionally `rotationPeriodInDays`) on the KMS key.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (args.type !== AWS.kmsKey) {
            return;
        }
        const spec = args.props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        if (spec === "SYMMETRIC_DEFAULT" && args.props.enableKeyRotation !== true) {
            report("enableKeyRotation is not true");
        }
    },
};
