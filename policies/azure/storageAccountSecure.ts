import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AZURE } from "../lib/cloud";

const TLS_OK = new Set(["TLS1_2", "TLS1_3"]);

export const storageAccountSecure: ResourceValidationPolicy = {
    name: "azure-storage-no-public-access",
    description: "Storage accounts disable anonymous blob access, accept HTTPS only and require TLS 1.2 or later.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `allowBlobPublicAccess: false`, `enableHttpsTrafficOnly: true` and `minimumTlsVersion: \"TLS1_2\"`.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (args.type !== AZURE.storageAccount) {
            return;
        }
        const p = args.props;
        if (p.allowBlobPublicAccess !== false) {
            report("allowBlobPublicAccess is not false");
        }
        if (p.enableHttpsTrafficOnly === false) {
            report("enableHttpsTrafficOnly is false");
        }
        if (!TLS_OK.has(p.minimumTlsVersion)) {
            report(`minimumTlsVersion is ${p.minimumTlsVersion === undefined ? "unset" : `"${String(p.minimumTlsVersion)}"`}, expected TLS1_2 or later`);
        }
    },
};
