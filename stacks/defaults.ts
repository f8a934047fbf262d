import type { z } from "zod";
import type { namespaceSchema, Tier } from "./schema/platform";

export type NamespaceConfig = z.infer<typeof namespaceSchema>;

/** Namespace quota and limit range per tier, used when `platform:namespace` leaves them out. */
export function defaultNamespace(tier: Tier, environmentName: string): Required<NamespaceConfig> {
    const size = { dev: 1, staging: 2, production: 8 }[tier];
    return {
        name: environmentName,
        quota: {
            requestsCpu: String(4 * size),
            requestsMemory: `${8 * size}Gi`,
            limitsCpu: String(8 * size),
            limitsMemory: `${16 * size}Gi`,
            pods: 50 * size,
            services: 50,
            persistentVolumeClaims: 20,
        },
        limitRange: {
            defaultRequest: { cpu: "100m", memory: "128Mi" },
            defaultLimit: { cpu: "500m", memory: "512Mi" },
            max: { cpu: "4", memory: "8Gi" },
        },
    };
}

/** Minimum replicas a long-running app should have in each tier. */
export const minimumReplicas: Record<Tier, number> = { dev: 1, staging: 2, production: 3 };
