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
