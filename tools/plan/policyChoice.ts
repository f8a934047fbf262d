import type { Tier } from "../../stacks/schema/platform";
import { policyTier } from "../../stacks/stackTier";

export interface PolicyChoice {
    /** The tier whose shipped config (policies/config/<tier>.json) the plan is evaluated with. */
    readonly environment: Tier;
    /** A `--policy-config` file instead, allowed only where it cannot weaken anything that matters. */
    readonly configFile?: string;
}

/**
 * Which policy config a plan of `stack` is evaluated with. The tier comes from the stack's name when it
 * fixes one (stacks/stackTier.ts), else from the tier the stack's config declares; the declared tier is
 * never trusted over the name. A `--policy-config` file is refused for staging and production, since
 * any other file could lower what those tiers enforce (levels or rule settings such as requireDigest).
 * Pure; throws before anything is planned.
 */
export function choosePolicyConfig(stack: string, declaredTier: Tier, policyConfig?: string): PolicyChoice {
    const environment = policyTier(stack, declaredTier);
    if (policyConfig !== undefined && environment !== "dev") {
        throw new Error(`--policy-config: expected no policy config file for stack "${stack}": it is a ${environment} stack, evaluated with policies/config/${environment}.json (another file could lower what ${environment} enforces), found ${JSON.stringify(policyConfig)}`);
    }
    return { environment, ...(policyConfig !== undefined ? { configFile: policyConfig } : {}) };
}
