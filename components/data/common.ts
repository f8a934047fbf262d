import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes/provider";
import type { ResolvedDataProtection } from "../../stacks/schema/data";
import type { DrRunbook } from "./runbook";
/** Small helpers shared by the per-cloud data components. */

/** Tags every data resource carries: at least owner, environment and cost-center. */
export type DataTags = Readonly<Record<string, string>>;

/**
 * GCP labels from tags: keys and values lowercased, characters outside [a-z0-9_-] become "_",
 * cut to 63 characters (GCP's label rules).
 */
export function gcpLabels(tags: DataTags): Record<string, string> {
    const clean = (s: string): string => s.toLowerCase().replace(/[^a-z0-9_-]/g, "_").slice(0, 63);
    return Object.fromEntries(Object.entries(tags).map(([k, v]) => [clean(k), clean(v)]));
}

/** Fails early when a required tag is missing, so no data resource ships untagged. */
export function checkDataTags(tags: DataTags): string[] {
    return ["owner", "environment", "cost-center"].filter((k) => (tags[k] ?? "") === "").map((k) => `tags.${k}: required on every data resource, found nothing`);
}

/** Admin login used on all three clouds (none of them reserves it). */
export const DB_ADMIN_USER = "platformadmin";
/** Database created for the apps. */
export const DB_NAME = "app";

/** Arguments every cloud's data-protection composition takes. */
export interface DataProtectionCommonArgs {
    /** Output of `resolveDataProtection`, already checked by `checkRecoveryObjectives`. */
    readonly config: ResolvedDataProtection;
    /** Environment name, used in names and the runbook. */
    readonly environment: string;
    /** Tags/labels on every resource (owner, environment, cost-center at least). */
    readonly tags: DataTags;
    /** Primary region or location; an explicit provider is created for it. */
    readonly region: string;
    /** DR region or location; an explicit provider is created for it when DR or a backup copy is on. */
    readonly drRegion: string;
    /** App namespace that receives the connection Secret. */
    readonly namespace: pulumi.Input<string>;
    readonly kubernetesProvider: k8s.Provider;
    /** Name of the connection Secret. Default: "database". */
    readonly secretName?: string;
    /** Address cloud alarms notify (secret config). Default: no subscription. */
    readonly alarmEmail?: pulumi.Input<string>;
}

/** What every cloud's data-protection composition exports. */
export interface DataProtectionOutputs {
    readonly databaseHost: pulumi.Output<string | undefined>;
    readonly databaseSecretRef: pulumi.Output<{ namespace: string; name: string } | undefined>;
    readonly bucketName: pulumi.Output<string | undefined>;
    readonly runbook: pulumi.Output<DrRunbook>;
}
