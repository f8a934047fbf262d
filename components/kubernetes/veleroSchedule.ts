import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes/provider";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";

export interface VeleroScheduleArgs {
    /** Namespace to back up (the app namespace). */
    readonly namespace: pulumi.Input<string>;
    /** Namespace Velero runs in. Default: "velero". */
    readonly veleroNamespace?: string;
    /** Cron in UTC, e.g. "0 0 * * *". */
    readonly schedule: string;
    /** Keep each backup this many hours. */
    readonly ttlHours: number;
    /** Take volume snapshots as well as manifests. Default: false. */
    readonly snapshotVolumes?: boolean;
    /** The bucket Velero writes to, through a BackupStorageLocation this component creates. */
    readonly storage: {
        /** Velero object-store plugin: "aws", "azure" or "gcp". */
        readonly provider: "aws" | "azure" | "gcp";
        /** Bucket (AWS, GCP) or blob container (Azure). */
        readonly bucket: pulumi.Input<string>;
        /** Prefix inside the bucket. Default: "velero". */
        readonly prefix?: string;
        /** Plugin config, e.g. { region } on AWS, { resourceGroup, storageAccount } on Azure. */
        readonly config?: Readonly<Record<string, pulumi.Input<string>>>;
    };
    /** Kubernetes provider for the cluster. */
    readonly provider: k8s.Provider;
}

/** Velero BackupStorageLocation for the data bucket plus a Schedule backing up one namespace into it. */
export class VeleroSchedule extends pulumi.ComponentResource {
    readonly location: CustomResource;
    readonly schedule: CustomResource;

    constructor(name: string, args: VeleroScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:kubernetes:VeleroSchedule", name, {}, opts);
        const veleroNamespace = args.veleroNamespace ?? "velero";
        const o = { parent: this, provider: args.provider };
        this.location = new CustomResource(`${name}-location`, {
            apiVersion: "velero.io/v1",
            kind: "BackupStorageLocation",
            metadata: { name, namespace: veleroNamespace },
            spec: {
                provider: args.storage.provider,
                objectStorage: { bucket: args.storage.bucket, prefix: args.storage.prefix ?? "velero" },
                config: args.storage.config ?? {},
                accessMode: "ReadWrite",
            },
        }, o);
        this.schedule = new CustomResource(`${name}-schedule`, {
            apiVersion: "velero.io/v1",
            kind: "Schedule",
            metadata: { name, namespace: veleroNamespace },
            spec: {
                schedule: args.schedule,
                useOwnerReferencesInBackup: false,
                template: {
                    includedNamespaces: [args.namespace],
                    storageLocation: name,
                    ttl: `${args.ttlHours}h0m0s`,
                    snapshotVolumes: args.snapshotVolumes ?? false,
                },
            },
        }, { ...o, dependsOn: [this.location] });
        this.registerOutputs({ scheduleName: name, storageLocation: name, veleroNamespace });
    }
}
