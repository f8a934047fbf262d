import type { StackValidationPolicy } from "@pulumi/policy";
import { AWS } from "../lib/cloud";
import { dependsOn } from "../lib/graph";

const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
const PUBLIC_ACLS = new Set(["public-read", "public-read-write", "authenticated-read"]);

export const s3PublicAccessBlock: StackValidationPolicy = {
    name: "aws-s3-no-public-buckets",
    description: "Every S3 bucket has a BucketPublicAccessBlock with all four flags true, and neither the bucket nor a BucketAcl uses a public canned ACL.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Add `aws.s3.BucketPublicAccessBlock` for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true; remove public ACLs.",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const blocks = args.resources.filter(r => r.type === AWS.s3PublicAccessBlock);
        for (const b of blocks) {
            const off = FLAGS.filter(f => b.props[f] !== true);
            if (off.length > 0) {
                report(`public access block leaves ${off.join(", ")} unset or false`, b.urn);
            }
        }
        for (const acl of args.resources.filter(r => r.type === AWS.s3Acl || r.type === AWS.s3AclV2)) {
            if (typeof acl.props.acl === "string" && PUBLIC_ACLS.has(acl.props.acl)) {
                report(`bucket ACL grants "${acl.props.acl}"`, acl.urn);
            }
        }
        for (const bucket of args.resources.filter(r => r.type === AWS.s3Bucket || r.type === AWS.s3BucketV2)) {
            if (typeof bucket.props.acl === "string" && PUBLIC_ACLS.has(bucket.props.acl)) {
                report(`bucket uses the public ACL "${bucket.props.acl}"`, bucket.urn);
            }
            if (!blocks.some(b => dependsOn(b, bucket))) {
                report("bucket has no BucketPublicAccessBlock", bucket.urn);
            }
        }
    },
};
