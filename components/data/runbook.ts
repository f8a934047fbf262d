/**
 * The DR runbook: ordered failover steps and the endpoints to switch, built from the
 * resolved config and the (already resolved) endpoint values. Pure; components call it
 * inside `apply` and export the result.
 */
import type { ResolvedDataProtection } from "../../stacks/schema/data";
import { bucketAchievable, databaseAchievable } from "./recoveryObjectives";

export type DataCloud = "aws" | "azure" | "gcp";

export interface RunbookEndpoints {
    readonly cloud: DataCloud;
    readonly environment: string;
    readonly primaryRegion: string;
    readonly drRegion: string;
    /** Namespace and name of the Kubernetes Secret holding the database connection. */
    readonly secretRef?: { readonly namespace: string; readonly name: string };
    /** Primary host, replica host and the replica's identifier (RDS id, Azure server name, Cloud SQL instance). */
    readonly database?: { readonly primaryHost: string; readonly replicaHost?: string; readonly replicaId?: string; readonly resourceGroup?: string };
    /** Primary and replica bucket (or storage account) names. */
    readonly bucket?: { readonly primary: string; readonly replica?: string };
}

export interface SwitchEndpoint {
    readonly what: string;
    readonly from: string;
    readonly to: string;
}

export interface DrRunbook {
    readonly enabled: boolean;
    readonly primaryRegion: string;
    readonly drRegion: string;
    readonly rpoMinutes?: number;
    readonly rtoMinutes?: number;
    readonly achievableRpoMinutes?: number;
    readonly achievableRtoMinutes?: number;
    readonly steps: string[];
    readonly switchEndpoints: SwitchEndpoint[];
}

function promoteCommand(e: RunbookEndpoints, replicaId: string): string {
    switch (e.cloud) {
        case "aws":
            return `aws rds promote-read-replica --db-instance-identifier ${replicaId} --region ${e.drRegion}`;
        case "azure":
            return `az postgres flexible-server replica promote --resource-group ${e.database?.resourceGroup ?? "<resource-group>"} --name ${replicaId} --promote-mode standalone --promote-option forced`;
        case "gcp":
            return `gcloud sql instances promote-replica ${replicaId}`;
    }
}

function bucketStep(e: RunbookEndpoints): string | undefined {
    switch (e.cloud) {
        case "aws":
            return `Point apps at the replica bucket ${e.bucket?.replica ?? "<replica bucket>"} in ${e.drRegion} (objects arrive within 15 min under Replication Time Control); set up replication back to ${e.primaryRegion} before failing back`;
        case "azure":
            return `Start a customer-initiated failover of storage account ${e.bucket?.primary ?? "<account>"} (az storage account failover --name ${e.bucket?.primary ?? "<account>"}); the endpoint name stays the same`;
        case "gcp":
            return `Nothing to switch for bucket ${e.bucket?.primary ?? "<bucket>"}: it is dual-region with turbo replication, so objects remain readable from the surviving region under the same name`;
    }
}

export function drRunbook(r: ResolvedDataProtection, e: RunbookEndpoints): DrRunbook {
    const steps: string[] = [];
    const switchEndpoints: SwitchEndpoint[] = [];
    const base = { enabled: r.dr.enabled, primaryRegion: e.primaryRegion, drRegion: e.drRegion, rpoMinutes: r.dr.rpoMinutes, rtoMinutes: r.dr.rtoMinutes };
    if (!r.dr.enabled) {
        return { ...base, steps: [`DR is disabled for ${e.environment}: recover in ${e.primaryRegion} from backups (point-in-time restore to a new instance) and update the connection Secret`], switchEndpoints };
    }
    const db = r.database.enabled ? databaseAchievable(r) : undefined;
    steps.push(`Declare the incident: ${e.primaryRegion} is lost for ${e.environment}; freeze deployments (no promotion runs until failback)`);
    steps.push(`Scale apps in ${e.environment} to zero so nothing writes to the old primary if it returns`);
    if (db !== undefined && e.database !== undefined) {
        if (r.dr.replica && e.database.replicaId !== undefined) {
            steps.push(`Check replica lag on ${e.database.replicaId} in ${e.drRegion} and record it as the data-loss window`);
            steps.push(`Promote the replica: ${promoteCommand(e, e.database.replicaId)}`);
            switchEndpoints.push({ what: "database host", from: e.database.primaryHost, to: e.database.replicaHost ?? e.database.replicaId });
        } else {
            steps.push(`Restore the latest database recovery point copied to ${e.drRegion} into a new instance`);
            switchEndpoints.push({ what: "database host", from: e.database.primaryHost, to: `<host of the instance restored in ${e.drRegion}>` });
        }
        if (e.secretRef !== undefined) {
            steps.push(`Update the host in Secret ${e.secretRef.namespace}/${e.secretRef.name} (set the stack config to the DR host and run pulumi up, or patch it by hand)`);
        }
    }
    if (r.bucket.enabled && e.bucket !== undefined) {
        const step = bucketStep(e);
        if (step !== undefined) steps.push(step);
        if (e.cloud === "aws") switchEndpoints.push({ what: "bucket", from: e.bucket.primary, to: e.bucket.replica ?? `<replica bucket in ${e.drRegion}>` });
    }
    steps.push(`Scale apps back up against the DR endpoints and run smoke checks`);
    steps.push(`Failback: once ${e.primaryRegion} is healthy, rebuild a replica there from the promoted database, then repeat these steps in reverse during a maintenance window`);
    const bucket = r.bucket.enabled ? bucketAchievable(r) : undefined;
    const worst = [db, bucket].filter((x) => x !== undefined);
    return {
        ...base,
        achievableRpoMinutes: worst.length > 0 ? Math.max(...worst.map((x) => x.rpoMinutes)) : undefined,
        achievableRtoMinutes: worst.length > 0 ? Math.max(...worst.map((x) => x.rtoMinutes)) : undefined,
        steps,
        switchEndpoints,
    };
}
