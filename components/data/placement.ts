// Pure facts about cloud SKUs and regions, shared by the components and the config checks
// (no provider SDK imports, so config validation stays cheap).
import type { DatabaseSize } from "../../stacks/schema/data";

/** Azure Database for PostgreSQL Flexible Server SKU per size class. */
export const azureSkus: Readonly<Record<DatabaseSize, string>> = { small: "Standard_B2s", medium: "Standard_D2ds_v5", large: "Standard_D4ds_v5" };

/** Burstable (B*), MemoryOptimized (E*), otherwise GeneralPurpose. */
export function azureSkuTier(sku: string): "Burstable" | "GeneralPurpose" | "MemoryOptimized" {
    if (/^Standard_B/.test(sku)) return "Burstable";
    if (/^Standard_E/.test(sku)) return "MemoryOptimized";
    return "GeneralPurpose";
}

/** The GCS multi-region a GCP region belongs to (dual-region buckets must stay within one). */
export function gcpContinent(region: string): string {
    const prefix = region.split("-")[0];
    return prefix === "europe" ? "EU" : prefix === "asia" ? "ASIA" : "US";
}
