import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/gcp/storage";
import { gcpLabels, type DataTags } from "../common";

export interface GcpBucketArgs {
    /** Single region, used when `dualRegion` is not given. */
    readonly region: string;
    /** Dual-region with turbo replication: continent ("US", "EU", "ASIA") and the two regions. Default: single-region. */
    readonly dualRegion?: { readonly location: string; readonly regions: [string, string] };
    /** Cloud KMS key in the bucket's location. */
    readonly keyId: pulumi.Input<string>;
    readonly lifecycle: { readonly transitionDays: number; readonly noncurrentVersionExpirationDays: number; readonly expirationDays?: number; readonly abortIncompleteUploadDays: number };
    /** Soft-delete retention. Default: 14 days. */
    readonly softDeleteDays?: number;
    readonly tags: DataTags;
}

/** The multi-region a region belongs to, for dual-region buckets and their keys: "europe-west1" → "EU". */
export { gcpContinent } from "../placement";

/** GCS bucket: versioned, CMEK, uniform access, public access prevented, lifecycle, optional dual-region turbo replication. */
export class GcpBucket extends pulumi.ComponentResource {
    readonly bucket: storage.Bucket;
    readonly name: pulumi.Output<string>;

    constructor(name: string, args: GcpBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:GcpBucket", name, {}, opts);
        const l = args.lifecycle;
        const rules: storage.BucketArgs["lifecycleRules"] = [
            { action: { type: "SetStorageClass", storageClass: "NEARLINE" }, condition: { age: l.transitionDays, withState: "LIVE", matchesStorageClasses: ["STANDARD"] } },
            { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: l.noncurrentVersionExpirationDays, withState: "ARCHIVED" } },
            { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: l.abortIncompleteUploadDays } },
            ...(l.expirationDays !== undefined ? [{ action: { type: "Delete" }, condition: { age: l.expirationDays, withState: "LIVE" } }] : []),
        ];
        const d = args.dualRegion;
        this.bucket = new storage.Bucket(`${name}-bucket`, {
            location: d !== undefined ? d.location : args.region.toUpperCase(),
            customPlacementConfig: d !== undefined ? { dataLocations: d.regions.map((r) => r.toUpperCase()) } : undefined,
            rpo: d !== undefined ? "ASYNC_TURBO" : undefined,
            storageClass: "STANDARD",
            versioning: { enabled: true },
            uniformBucketLevelAccess: true,
            publicAccessPrevention: "enforced",
            encryption: { defaultKmsKeyName: args.keyId },
            softDeletePolicy: { retentionDurationSeconds: (args.softDeleteDays ?? 14) * 86400 },
            lifecycleRules: rules,
            forceDestroy: false,
            labels: gcpLabels(args.tags),
        }, { parent: this });
        this.name = this.bucket.name;
        this.registerOutputs({ name: this.name, url: this.bucket.url });
    }
}
