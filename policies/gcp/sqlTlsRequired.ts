import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GCP } from "../lib/cloud";
import { obj } from "../lib/values";

const TLS_MODES = new Set(["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"]);

export const sqlTlsRequired: ResourceValidationPolicy = {
    name: "gcp-sql-tls-required",
    description: "Cloud SQL instances refuse unencrypted connections (sslMode ENCRYPTED_ONLY or TRUSTED_CLIENT_CERTIFICATE_REQUIRED).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `settings.ipConfiguration.sslMode: \"ENCRYPTED_ONLY\"`.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (args.type !== GCP.sqlInstance) {
            return;
        }
        const ip = obj(obj(args.props.settings).ipConfiguration);
        if (!TLS_MODES.has(ip.sslMode) && ip.requireSsl !== true) {
            report(`settings.ipConfiguration.sslMode is ${ip.sslMode === undefined ? "unset" : `"${String(ip.sslMode)}"`}`);
        }
    },
};
