import type { StackValidationPolicy } from "@pulumi/policy";
import { AZURE } from "../lib/cloud";
import { configWithDefaults } from "../lib/config";
import { dependsOn } from "../lib/graph";
import { obj } from "../lib/values";

const configSchema = {
    properties: {
        requireDeletionLock: { type: "boolean" as const, default: true },
        requireHighAvailability: { type: "boolean" as const, default: true },
    },
};

export const databaseResilience: StackValidationPolicy = {
    name: "azure-database-deletion-protection-ha",
    description: "Production PostgreSQL/MySQL flexible servers run zone-redundant HA and carry a CanNotDelete management lock.",
    severity: "high",
    enforcementLevel: "advisory",
    remediationSteps: "Set `highAvailability.mode: \"ZoneRedundant\"` and add `azure-native.authorization.ManagementLockAtResourceLevel` with level CanNotDelete on the server.",
    configSchema,
    validateStack: (args, report) => {
        const cfg = configWithDefaults<{ requireDeletionLock: boolean; requireHighAvailability: boolean }>(configSchema, args.getConfig());
        const locks = args.resources.filter(r => r.type === AZURE.resourceLock && r.props.level === "CanNotDelete");
        for (const db of args.resources.filter(r => r.type === AZURE.postgres || r.type === AZURE.mysql)) {
            const mode = obj(db.props.highAvailability).mode;
            if (cfg.requireHighAvailability && mode !== "ZoneRedundant" && mode !== "SameZone") {
                report(`highAvailability.mode is ${mode === undefined ? "unset" : `"${String(mode)}"`}`, db.urn);
            }
            if (cfg.requireDeletionLock && !locks.some(l => dependsOn(l, db))) {
                report("no CanNotDelete management lock protects the server", db.urn);
            }
        }
    },
};
