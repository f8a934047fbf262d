import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws/provider";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as s3 from "@pulumi/aws/s3";
import type { DataTags } from "../common";

export interface AwsBucketLifecycle {
    /** Days before current objects move to STANDARD_IA. */
    readonly transitionDays: number;
    /** Days before noncurrent versions are deleted. */
    readonly noncurrentVersionExpirationDays: number;
    /** Days before current objects expire. Default: never. */
    readonly expirationDays?: number;
    readonly abortIncompleteUploadDays: number;
}

export interface AwsBucketArgs {
    readonly lifecycle: AwsBucketLifecycle;
    /** Replicate to a bucket in the DR region with Replication Time Control (15 min). Default: no replication. */
    readonly replication?: { readonly provider: aws.Provider };
    readonly tags: DataTags;
}

interface SecureBucket {
    readonly key: kms.Key;
    readonly bucket: s3.Bucket;
    readonly versioning: s3.BucketVersioning;
}

/** Bucket + rotating CMK + versioning + SSE-KMS + public access block + owner-enforced + TLS-only policy. */
function secureBucket(name: string, tags: Record<string, string>, opts: pulumi.CustomResourceOptions): SecureBucket {
    const key = new kms.Key(`${name}-key`, { description: `${name} S3 objects`, enableKeyRotation: true, rotationPeriodInDays: 365, deletionWindowInDays: 30, tags }, opts);
    const bucket = new s3.Bucket(`${name}`, { forceDestroy: false, tags }, opts);
    const versioning = new s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, opts);
    new s3.BucketServerSideEncryptionConfiguration(`${name}-sse`, {
        bucket: bucket.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
    }, opts);
    new s3.BucketPublicAccessBlock(`${name}-public-access`, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, opts);
    new s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
    new s3.BucketPolicy(`${name}-tls-only`, {
        bucket: bucket.id,
        policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }],
        }),
    }, opts);
    return { key, bucket, versioning };
}

/** S3 bucket for app data and cluster backups, with optional RTC replication to the DR region. */
export class AwsBucket extends pulumi.ComponentResource {
    readonly key: kms.Key;
    readonly bucket: s3.Bucket;
    readonly replicaBucket?: s3.Bucket;
    readonly replicaKey?: kms.Key;
    readonly replicationRuleId = "dr";
    readonly name: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    readonly replicaName: pulumi.Output<string | undefined>;

    constructor(name: string, args: AwsBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:AwsBucket", name, {}, opts);
        const tags = { ...args.tags };
        const primary = secureBucket(`${name}-bucket`, tags, { parent: this });
        this.key = primary.key;
        this.bucket = primary.bucket;
        const l = args.lifecycle;
        new s3.BucketLifecycleConfiguration(`${name}-bucket-lifecycle`, {
            bucket: this.bucket.id,
            rules: [{
                id: "default",
                status: "Enabled",
                filter: {},
                transitions: [{ days: l.transitionDays, storageClass: "STANDARD_IA" }],
                noncurrentVersionExpiration: { noncurrentDays: l.noncurrentVersionExpirationDays },
                abortIncompleteMultipartUpload: { daysAfterInitiation: l.abortIncompleteUploadDays },
                expiration: l.expirationDays !== undefined ? { days: l.expirationDays } : undefined,
            }],
        }, { parent: this, dependsOn: [primary.versioning] });

        if (args.replication !== undefined) {
            const dr = secureBucket(`${name}-replica`, tags, { parent: this, provider: args.replication.provider });
            this.replicaBucket = dr.bucket;
            this.replicaKey = dr.key;
            const role = new iam.Role(`${name}-replication-role`, {
                assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
                tags,
            }, { parent: this });
            new iam.RolePolicy(`${name}-replication-policy`, {
                role: role.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: [this.bucket.arn] },
                        { Effect: "Allow", Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], Resource: [pulumi.interpolate`${this.bucket.arn}/*`] },
                        { Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: [pulumi.interpolate`${dr.bucket.arn}/*`] },
                        { Effect: "Allow", Action: ["kms:Decrypt"], Resource: [this.key.arn] },
                        { Effect: "Allow", Action: ["kms:Encrypt", "kms:GenerateDataKey"], Resource: [dr.key.arn] },
                    ],
                }),
            }, { parent: this });
            new s3.BucketReplicationConfig(`${name}-replication`, {
                bucket: this.bucket.id,
                role: role.arn,
                rules: [{
                    id: this.replicationRuleId,
                    status: "Enabled",
                    filter: {},
                    deleteMarkerReplication: { status: "Enabled" },
                    sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                    destination: {
                        bucket: dr.bucket.arn,
                        storageClass: "STANDARD",
                        encryptionConfiguration: { replicaKmsKeyId: dr.key.arn },
                        replicationTime: { status: "Enabled", time: { minutes: 15 } },
                        metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
                    },
                }],
            }, { parent: this, dependsOn: [primary.versioning, dr.versioning] });
        }

        this.name = this.bucket.bucket;
        this.arn = this.bucket.arn;
        this.replicaName = this.replicaBucket !== undefined ? this.replicaBucket.bucket.apply((b): string | undefined => b) : pulumi.output(undefined);
        this.registerOutputs({ name: this.name, arn: this.arn, keyArn: this.key.arn, replicaName: this.replicaName, replicaKeyArn: this.replicaKey?.arn });
    }
}
