import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AZURE } from "../lib/cloud";

const WEAK_TLS = new Set(["TLSv1", "TLSv1.0", "TLSv1.1"]);

export const databaseTls: ResourceValidationPolicy = {
    name: "azure-database-tls-required",
    description: "Server parameters of PostgreSQL/MySQL flexible servers keep TLS required (require_secure_transport ON, minimum TLS 1.2).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Do not override `require_secure_transport` to OFF; set `ssl_min_protocol_version`/`tls_version` to TLSv1.2 or later.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (args.type !== AZURE.postgresConfiguration && args.type !== "azure-native:dbformysql:Configuration") {
            return;
        }
        const name = String(args.props.configurationName ?? args.name);
        const value = String(args.props.value ?? "");
        if (name === "require_secure_transport" && /^(off|0|false)$/i.test(value)) {
            report("require_secure_transport is turned off");
        }
        if ((name === "ssl_min_protocol_version" || name === "tls_version") && value.split(",").some(v => WEAK_TLS.has(v.trim()))) {
            report(`${name} allows ${value}`);
        }
    },
};
