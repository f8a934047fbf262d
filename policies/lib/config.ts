import type { PolicyConfigSchema } from "@pulumi/policy";

/**
 * Returns the rule's configuration: the values the engine passed (from `--policy-pack-config` or a
 * Pulumi Cloud policy group) over the `default` of every property of the rule's configSchema.
 * Rules never trust the engine to have applied schema defaults.
 */
export function configWithDefaults<T extends object>(schema: PolicyConfigSchema, given: object | undefined): T {
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(schema.properties)) {
        if (prop.default !== undefined) {
            out[key] = prop.default;
        }
    }
    for (const [key, value] of Object.entries(given ?? {})) {
        if (key !== "enforcementLevel" && value !== undefined) {
            out[key] = value;
        }
    }
    return out as T;
}
