import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS, AZURE, GCP } from "../lib/cloud";
import { obj } from "../lib/values";

export const maintenanceWindow: ResourceValidationPolicy = {
    name: "stack-maintenance-window",
    description: "Production databases and GKE clusters declare a maintenance window instead of the provider's random one (advisory).",
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps: "Set RDS `maintenanceWindow`/`preferredMaintenanceWindow`, Azure `maintenanceWindow.customWindow: \"Enabled\"`, Cloud SQL `settings.maintenanceWindow`, GKE `maintenancePolicy` to a low-traffic slot.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        const p = args.props;
        let missing: string | undefined;
        if (args.type === AWS.rdsInstance && p.replicateSourceDb === undefined && p.maintenanceWindow === undefined) {
            missing = "maintenanceWindow";
        } else if (args.type === AWS.rdsCluster && p.preferredMaintenanceWindow === undefined) {
            missing = "preferredMaintenanceWindow";
        } else if ((args.type === AZURE.postgres || args.type === AZURE.mysql) && obj(p.maintenanceWindow).customWindow !== "Enabled") {
            missing = "maintenanceWindow.customWindow: Enabled";
        } else if (args.type === GCP.sqlInstance && p.masterInstanceName === undefined && obj(obj(p.settings).maintenanceWindow).day === undefined) {
            missing = "settings.maintenanceWindow.day";
        } else if (args.type === "gcp:container/cluster:Cluster" && p.maintenancePolicy === undefined) {
            missing = "maintenancePolicy";
        }
        if (missing) {
            report(`no maintenance window (${missing})`);
        }
    },
};
