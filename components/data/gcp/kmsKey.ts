import * as pulumi from "@pulumi/pulumi";
import * as kms from "@pulumi/gcp/kms";
import type { DataTags } from "../common";
import { gcpLabels } from "../common";

export interface GcpKmsKeyArgs {
    /** KMS location: a region ("europe-west1") or multi-region ("eu") matching the resource it encrypts. */
    readonly location: string;
    /** Service agents allowed to encrypt/decrypt with the key, as "serviceAccount:..." members. */
    readonly members: pulumi.Input<string>[];
    /** Rotation period. Default: "7776000s" (90 days). */
    readonly rotationPeriod?: string;
    readonly tags: DataTags;
}

/** A Cloud KMS key ring and a rotating crypto key, with encrypter/decrypter grants for service agents. */
export class GcpKmsKey extends pulumi.ComponentResource {
    readonly keyRing: kms.KeyRing;
    readonly key: kms.CryptoKey;
    readonly keyId: pulumi.Output<string>;

    constructor(name: string, args: GcpKmsKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:GcpKmsKey", name, {}, opts);
        this.keyRing = new kms.KeyRing(`${name}-ring`, { location: args.location }, { parent: this });
        this.key = new kms.CryptoKey(`${name}-key`, {
            keyRing: this.keyRing.id,
            purpose: "ENCRYPT_DECRYPT",
            rotationPeriod: args.rotationPeriod ?? "7776000s",
            labels: gcpLabels(args.tags),
        }, { parent: this, protect: false });
        const grants = args.members.map((member, i) =>
            new kms.CryptoKeyIAMMember(`${name}-user-${i}`, { cryptoKeyId: this.key.id, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member }, { parent: this }));
        // Users of keyId (Cloud SQL, GCS) must wait for the service agents' grants, or creation fails on permissions.
        this.keyId = pulumi.all([this.key.id, ...grants.map((g) => g.id)]).apply(([id]) => id);
        this.registerOutputs({ keyId: this.keyId });
    }
}
