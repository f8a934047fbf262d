import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GCP } from "../lib/cloud";
import { isPublicSource } from "../lib/network";
import { arr, obj } from "../lib/values";

export const sqlNotPublic: ResourceValidationPolicy = {
    name: "gcp-sql-not-public",
    description: "Cloud SQL instances have no public IPv4 address (private IP only) and never authorize 0.0.0.0/0.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `settings.ipConfiguration.ipv4Enabled: false` with a `privateNetwork`; connect through the Cloud SQL Auth Proxy.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (args.type !== GCP.sqlInstance) {
            return;
        }
        const ip = obj(obj(args.props.settings).ipConfiguration);
        if (ip.ipv4Enabled !== false) {
            report("settings.ipConfiguration.ipv4Enabled is not false (the instance gets a public IP)");
        }
        for (const n of arr(ip.authorizedNetworks)) {
            if (isPublicSource(obj(n).value)) {
                report(`authorized network ${String(obj(n).value)} admits the whole internet`);
            }
        }
    },
};
