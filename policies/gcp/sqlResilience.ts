import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GCP } from "../lib/cloud";
import { configWithDefaults } from "../lib/config";
import { obj } from "../lib/values";

const configSchema = {
    properties: {
        requireDeletionProtection: { type: "boolean" as const, default: true },
        requireHighAvailability: { type: "boolean" as const, default: true },
    },
};

export const sqlResilience: ResourceValidationPolicy = {
    name: "gcp-sql-deletion-protection-ha",
    description: "Production Cloud SQL instances keep deletion protection on and run REGIONAL (high availability).",
    severity: "high",
    enforcementLevel: "advisory",
    remediationSteps: "Keep `deletionProtection: true` (and `settings.deletionProtectionEnabled: true`), set `settings.availabilityType: \"REGIONAL\"`.",
    configSchema,
    validateResource: (args, report) => {
        if (args.type !== GCP.sqlInstance || args.props.masterInstanceName !== undefined) {
            return;
        }
        const cfg = configWithDefaults<{ requireDeletionProtection: boolean; requireHighAvailability: boolean }>(configSchema, args.getConfig());
        const settings = obj(args.props.settings);
        if (cfg.requireDeletionProtection && (args.props.deletionProtection === false || settings.deletionProtectionEnabled === false)) {
            report("deletion protection is turned off");
        }
        if (cfg.requireHighAvailability && settings.availabilityType !== "REGIONAL") {
            report(`settings.availabilityType is ${settings.availabilityType === undefined ? "unset (ZONAL)" : `"${String(settings.availabilityType)}"`}`);
        }
    },
};
