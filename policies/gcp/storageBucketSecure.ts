import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GCP } from "../lib/cloud";
import { arr } from "../lib/values";

const PUBLIC_MEMBERS = new Set(["allUsers", "allAuthenticatedUsers"]);
const IAM_TYPES = new Set(["gcp:storage/bucketIAMMember:BucketIAMMember", "gcp:storage/bucketIAMBinding:BucketIAMBinding"]);

export const storageBucketSecure: ResourceValidationPolicy = {
    name: "gcp-storage-no-public-buckets",
    description: "Cloud Storage buckets enforce public access prevention and uniform bucket-level access, and no IAM grant goes to allUsers/allAuthenticatedUsers.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `publicAccessPrevention: \"enforced\"` and `uniformBucketLevelAccess: true`; grant access to service accounts, never allUsers.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (args.type === GCP.bucket) {
            if (args.props.publicAccessPrevention !== "enforced") {
                report("publicAccessPrevention is not \"enforced\"");
            }
            if (args.props.uniformBucketLevelAccess !== true) {
                report("uniformBucketLevelAccess is not true");
            }
        } else if (IAM_TYPES.has(args.type)) {
            const members = [args.props.member, ...arr(args.props.members)];
            for (const m of members.filter(m => PUBLIC_MEMBERS.has(m))) {
                report(`bucket IAM grants ${String(args.props.role)} to ${String(m)}`);
            }
        }
    },
};
