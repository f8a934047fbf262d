// Where an app may connect to, beyond DNS: bounds on the CIDRs and ports of `allowTo` and of a canary
// analysis' Prometheus egress, per tier. Pure; `crossKeyProblems` runs it before anything is registered.
import { EGRESS_MIN_PREFIX, egressCidrProblem, type PrefixBounds } from "../../policies/lib/cidr";
import type { AppConfig } from "./apps";
import type { Tier } from "./platform";
import type { Problem } from "./progressive";

/** What a production app may reach: named ranges on named ports only. */
const PRODUCTION_EGRESS = { minPrefix: { ipv4: 16, ipv6: 48 }, maxPorts: 10 } as const;

/**
 * Per tier: the narrowest prefix an egress CIDR may have, and how many ports one destination may open
 * (undefined: no bound). Staging is held to production's bounds: it runs the same images with staging's
 * secrets, and production promotes what staging verified.
 */
export const EGRESS_LIMITS: Readonly<Record<Tier, { readonly minPrefix: PrefixBounds; readonly maxPorts?: number }>> = {
    dev: { minPrefix: EGRESS_MIN_PREFIX },
    staging: PRODUCTION_EGRESS,
    production: PRODUCTION_EGRESS,
};

/** Every egress problem of one app: CIDRs too wide or reaching the metadata service, too many ports. */
export function egressProblems(app: AppConfig, tier: Tier): Problem[] {
    const limits = EGRESS_LIMITS[tier];
    const problems: Problem[] = [];
    app.allowTo.forEach((to, j) => {
        const cidrProblem = to.cidr === undefined ? undefined : egressCidrProblem(to.cidr, limits.minPrefix, `in ${tier}`);
        if (cidrProblem !== undefined) problems.push({ path: ["allowTo", j, "cidr"], message: cidrProblem, found: to.cidr });
        const ports = new Set(to.ports).size;
        if (limits.maxPorts !== undefined && ports > limits.maxPorts) {
            problems.push({ path: ["allowTo", j, "ports"], message: `expected at most ${limits.maxPorts} ports for one destination in ${tier} (list only the ports the app calls), found ${ports}` });
        }
    });
    const prometheus = app.strategy.type === "canary" || app.strategy.type === "blueGreen" ? app.strategy.analysis?.prometheusEgress : undefined;
    const prometheusCidr = prometheus !== undefined && "cidr" in prometheus ? prometheus.cidr : undefined;
    const cidrProblem = prometheusCidr === undefined ? undefined : egressCidrProblem(prometheusCidr, limits.minPrefix, `in ${tier}`);
    if (cidrProblem !== undefined) problems.push({ path: ["strategy", "analysis", "prometheusEgress", "cidr"], message: cidrProblem, found: prometheusCidr });
    const apiServer = app.strategy.type === "canary" || app.strategy.type === "blueGreen" ? app.strategy.auto?.apiServer.cidr : undefined;
    const apiProblem = apiServer === undefined ? undefined : egressCidrProblem(apiServer, limits.minPrefix, `in ${tier}`);
    if (apiProblem !== undefined) problems.push({ path: ["strategy", "auto", "apiServer", "cidr"], message: apiProblem, found: apiServer });
    return problems;
}
