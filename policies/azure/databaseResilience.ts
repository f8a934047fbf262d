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
    description: "Production PostgreSQL/MySQL flexible servers run zone-redundant HA (not possible on read replicas) and carry a CanNotDelete management lock.",
    severity: "high",
    enforcementLevel: "advisory",
    remediationSteps: "Set `highAvailability.mode: \"ZoneRedundant\"` and add `azure-native.authorization.ManagementLockAtResourceLevel` (or `ManagementLockByScope` scoped to the server) with level CanNotDelete.",
    configSchema,
    validateStack: (args, report) => {
        const cfg = configWithDefaults<{ requireDeletionLock: boolean; requireHighAvailability: boolean }>(configSchema, args.getConfig());
        const locks = args.resources.filter(r => (r.type === AZURE.resourceLock || r.type === AZURE.resourceLockByScope) && r.props.level === "CanNotDelete");
        for (const db of args.resources.filter(r => r.type === AZURE.postgres || r.type === AZURE.mysql)) {
            const mode = obj(db.props.highAvailability).mode;
            // Azure does not support high availability on read replicas.
            const replica = db.props.createMode === "Replica";
            if (cfg.requireHighAvailability && !replica && mode !== "ZoneRedundant" && mode !== "SameZone") {
                report(`highAvailability.mode is ${mode === undefined ? "unset" : `"${String(mode)}"`}`, db.urn);
            }
            if (cfg.requireDeletionLock && !locks.some(l => dependsOn(l, db))) {
                report("no CanNotDelete management lock protects the server", db.urn);
            }
        }
    },
};
