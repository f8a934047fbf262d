import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AZURE } from "../lib/cloud";
import { obj } from "../lib/values";

export const databaseNotPublic: ResourceValidationPolicy = {
    name: "azure-database-not-public",
    description: "Azure Database for PostgreSQL/MySQL flexible servers disable public network access, and no firewall rule opens them to all addresses.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `network.publicNetworkAccess: \"Disabled\"` with a delegated subnet or private endpoint; delete 0.0.0.0-255.255.255.255 firewall rules.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (args.type === AZURE.postgres || args.type === AZURE.mysql) {
            if (obj(args.props.network).publicNetworkAccess !== "Disabled") {
                report("network.publicNetworkAccess is not \"Disabled\"");
            }
        } else if (args.type === "azure-native:dbforpostgresql:FirewallRule" || args.type === "azure-native:dbformysql:FirewallRule") {
            if (args.props.startIpAddress === "0.0.0.0" && args.props.endIpAddress === "255.255.255.255") {
                report("firewall rule allows every IPv4 address");
            }
        }
    },
};
