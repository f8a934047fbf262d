import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { AWS } from "../lib/cloud";
import { arr, obj } from "../lib/values";

/** Parameters that make an engine refuse unencrypted connections. */
const TLS_PARAMETERS: Record<string, string[]> = { "rds.force_ssl": ["1"], "require_secure_transport": ["1", "ON", "on", "true"] };

export function parameterGroupForcesTls(group: PolicyResource): boolean | undefined {
    let verdict: boolean | undefined;
    for (const p of arr(group.props.parameters)) {
        const { name, value } = obj(p);
        if (typeof name === "string" && TLS_PARAMETERS[name]) {
            verdict = TLS_PARAMETERS[name].includes(String(value));
        }
    }
    return verdict;
}

/** RDS for PostgreSQL 15+ defaults rds.force_ssl to 1. */
function engineDefaultsToTls(db: PolicyResource): boolean {
    const engine = String(db.props.engine ?? "");
    const major = Number(String(db.props.engineVersion ?? "").split(".")[0]);
    return engine.includes("postgres") && major >= 15;
}

export const rdsTlsRequired: StackValidationPolicy = {
    name: "aws-rds-tls-required",
    description: "RDS databases refuse unencrypted connections: a parameter group sets rds.force_ssl=1 / require_secure_transport=ON (PostgreSQL 15+ defaults to it).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Attach an `aws.rds.ParameterGroup` (ClusterParameterGroup for Aurora) with `rds.force_ssl = 1` (PostgreSQL) or `require_secure_transport = ON` (MySQL).",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        for (const g of args.resources.filter(r => r.type === AWS.rdsParameterGroup || r.type === AWS.rdsClusterParameterGroup)) {
            if (parameterGroupForcesTls(g) === false) {
                report("parameter group turns TLS enforcement off", g.urn);
            }
        }
        for (const db of args.resources) {
            if ((db.type !== AWS.rdsInstance && db.type !== AWS.rdsCluster) || (db.type === AWS.rdsInstance && db.props.replicateSourceDb !== undefined)) {
                continue;
            }
            const groups = db.dependencies.filter(d => d.type === AWS.rdsParameterGroup || d.type === AWS.rdsClusterParameterGroup);
            if (!groups.some(g => parameterGroupForcesTls(g) === true) && !engineDefaultsToTls(db)) {
                report("no parameter group forcing TLS (rds.force_ssl=1 / require_secure_transport=ON) is attached", db.urn);
            }
        }
    },
};
