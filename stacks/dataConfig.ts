import { checkRecoveryObjectives } from "../components/data/recoveryObjectives";
import type { RawPlatformConfig } from "./schema";
import { resolveDataProtection, type ResolvedDataProtection } from "./schema/data";

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
    if (r.database.enabled && cloud === "aws" && r.dr.enabled && r.dr.replica && c.network?.aws?.drSubnetIds === undefined) {
        problems.push({ path: ["network", "aws", "drSubnetIds"], message: "expected private subnets in the DR region for the cross-region replica" });
    }
    if (r.database.enabled && cloud === "azure" && c.cloud.resourceGroup === undefined) {
        problems.push({ path: ["cloud", "resourceGroup"], message: "expected the Azure resource group that holds the data services" });
    }
    for (const line of checkRecoveryObjectives(r)) {
        const [key, ...rest] = line.split(": ");
        problems.push({ path: [key], message: rest.join(": ") });
    }
    return problems;
}
