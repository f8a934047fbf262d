import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { AWS, AZURE, GCP } from "../lib/cloud";
import { dependsOn } from "../lib/graph";
import { known } from "../lib/unknown";
import { arr, obj } from "../lib/values";

/** A value that is set: present, or unknown during preview (an output of the key). */
function isSet(read: () => unknown): boolean {
    const v = known(read, "[unknown]");
    return v !== undefined && v !== null && v !== "";
}

function awsBucketUsesKms(bucket: PolicyResource, resources: PolicyResource[]): boolean {
    return resources.some(r => (r.type === AWS.s3Encryption || r.type === AWS.s3EncryptionV2) && dependsOn(r, bucket)
        && arr(r.props.rules).some(rule => {
            const d = obj(obj(rule).applyServerSideEncryptionByDefault);
            return String(d.sseAlgorithm ?? "").startsWith("aws:kms") && isSet(() => d.kmsMasterKeyId);
        }));
}

/** Why a resource does not use the stack's customer-managed key, or undefined. */
function missingKey(r: PolicyResource, resources: PolicyResource[]): string | undefined {
    switch (r.type) {
        case AWS.rdsInstance:
        case AWS.rdsCluster:
            return r.props.replicateSourceDb === undefined && !isSet(() => r.props.kmsKeyId) ? "kmsKeyId is not set" : undefined;
        case AWS.s3Bucket:
        case AWS.s3BucketV2:
            return awsBucketUsesKms(r, resources) ? undefined : "no server-side encryption configuration with aws:kms and the stack's key";
        case AZURE.postgres:
        case AZURE.mysql:
            return obj(r.props.dataEncryption).type === "AzureKeyVault" ? undefined : "dataEncryption.type is not \"AzureKeyVault\"";
        case AZURE.storageAccount:
            return obj(r.props.encryption).keySource === "Microsoft.Keyvault" ? undefined : "encryption.keySource is not \"Microsoft.Keyvault\"";
        case GCP.sqlInstance:
            return isSet(() => r.props.encryptionKeyName) ? undefined : "encryptionKeyName is not set";
        case GCP.bucket:
            return isSet(() => obj(r.props.encryption).defaultKmsKeyName) ? undefined : "encryption.defaultKmsKeyName is not set";
        default:
            return undefined;
    }
}

export const customerManagedKeys: StackValidationPolicy = {
    name: "cloud-cmk-encryption",
    description: "When a stack declares a customer-managed key (AWS KMS, Azure Key Vault, Cloud KMS), its databases and buckets on that cloud encrypt with it.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Pass the stack's key: RDS `kmsKeyId`, S3 SSE configuration `aws:kms` + `kmsMasterKeyId`, Azure `dataEncryption`/`encryption.keySource`, Cloud SQL `encryptionKeyName`, GCS `encryption.defaultKmsKeyName`.",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const clouds = new Set(args.resources.filter(r => r.type === AWS.kmsKey || r.type === AZURE.keyVaultKey || r.type === GCP.cryptoKey)
            .map(r => r.type.split(":")[0]));
        for (const r of args.resources) {
            if (!clouds.has(r.type.split(":")[0])) {
                continue;
            }
            const why = missingKey(r, args.resources);
            if (why) {
                report(`the stack declares a customer-managed key but ${why}`, r.urn);
            }
        }
    },
};
