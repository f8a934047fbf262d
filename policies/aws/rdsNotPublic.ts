import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS } from "../lib/cloud";

export const rdsNotPublic: ResourceValidationPolicy = {
    name: "aws-rds-not-public",
    description: "RDS instances and Aurora cluster instances are not publicly accessible.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `publiclyAccessible: false` and reach the database through private subnets (a DB subnet group without internet routes).",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if ((args.type === AWS.rdsInstance || args.type === AWS.rdsClusterInstance) && args.props.publiclyAccessible === true) {
            report("publiclyAccessible is true");
        }
    },
};
