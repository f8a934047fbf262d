import { azureSkus, azureSkuTier, gcpContinent } from "../components/data/placement";
import { checkRecoveryObjectives } from "../components/data/recoveryObjectives";
import type { RawPlatformConfig } from "./schema";
import { resolveDataProtection, type ResolvedDataProtection } from "./schema/data";
import { DATABASE_CIDR_KEYS, databaseCidrs } from "./schema/network";

/** Tier defaults applied to the data sections; the DR region falls back to `cloud.drRegion`. */
export function resolveData(c: RawPlatformConfig): ResolvedDataProtection {
    const resolved = resolveDataProtection({ data: c.data, backups: c.backups, dr: c.dr }, c.environment.tier);
    return { ...resolved, dr: { ...resolved.dr, region: resolved.dr.region ?? c.cloud.drRegion } };
}

type Problem = { path: (string | number)[]; message: string; found?: unknown };

/** Cross-key problems of the data sections: cloud, network, DR region and the recovery objectives. */
export function dataProblems(c: RawPlatformConfig, r: ResolvedDataProtection): Problem[] {
    const problems: Problem[] = [];
    const wantsCloud = r.database.enabled || r.bucket.enabled;
    const cloud = c.cloud.provider;
    if (wantsCloud && cloud === "none") {
        problems.push({ path: ["cloud", "provider"], message: "expected aws, azure or gcp because platform:data enables a database or bucket", found: cloud });
    }
    if (r.dr.enabled && wantsCloud && r.dr.region === undefined) {
        problems.push({ path: ["dr", "region"], message: "expected a DR region (here or as platform:cloud.drRegion) because DR is enabled" });
    }
    if (r.dr.enabled && r.dr.region !== undefined && r.dr.region === c.cloud.region) {
        problems.push({ path: ["dr", "region"], message: "expected a DR region different from the primary region", found: r.dr.region });
    }
    if (r.database.enabled && cloud !== "none" && c.network?.[cloud] === undefined) {
        problems.push({ path: ["network", cloud], message: `expected the private network the ${cloud} database attaches to (it never gets a public endpoint)` });
    }
    if (r.database.enabled && cloud !== "none" && c.network?.[cloud] !== undefined && databaseCidrs(c.network, cloud) === undefined) {
        const key = DATABASE_CIDR_KEYS[cloud];
        problems.push({ path: ["network", ...key.path], message: `expected ${key.what}: apps may reach the database port in those ranges only (not any address)` });
    }
    if (r.database.enabled && cloud === "aws" && r.dr.enabled && r.dr.replica && c.network?.aws?.drSubnetIds === undefined) {
        problems.push({ path: ["network", "aws", "drSubnetIds"], message: "expected private subnets in the DR region for the cross-region replica" });
    }
    if (wantsCloud && cloud === "azure" && c.cloud.resourceGroup === undefined) {
        problems.push({ path: ["cloud", "resourceGroup"], message: "expected the Azure resource group that holds the data services" });
    }
    if (r.database.enabled && cloud === "azure" && r.database.highAvailability) {
        const sku = r.database.sku ?? azureSkus[r.database.size];
        if (azureSkuTier(sku) === "Burstable") {
            problems.push({ path: ["data", "database"], message: `expected a General Purpose or Memory Optimized SKU for zone-redundant HA (size "medium"/"large" or sku Standard_D*/E*); Azure offers no HA on Burstable`, found: sku });
        }
    }
    if (r.database.enabled && cloud === "azure" && r.dr.enabled && r.dr.replica && c.network?.azure?.dr === undefined) {
        problems.push({ path: ["network", "azure", "dr"], message: "expected a delegated subnet and private DNS zone in the DR location for the replica" });
    }
    const drRegion = r.dr.region;
    if (r.bucket.enabled && cloud === "gcp" && r.dr.enabled && r.dr.bucketReplication && c.cloud.region !== undefined && drRegion !== undefined
        && gcpContinent(c.cloud.region) !== gcpContinent(drRegion)) {
        problems.push({ path: ["dr", "region"], message: `expected a region on the same continent as ${c.cloud.region} (a dual-region bucket spans one continent)`, found: drRegion });
    }
    for (const line of checkRecoveryObjectives(r)) {
        const [key, ...rest] = line.split(": ");
        problems.push({ path: [key], message: rest.join(": ") });
    }
    return problems;
}
