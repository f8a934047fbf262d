// Which local stack the offline plan may stand in for a promotion source, and the chain of stacks being planned.
// Pure apart from reading one optional file (defaultOrganization).
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { ConfigError } from "../../stacks/errors";

/** Environment variable a parent plan sets for the plan of its promotion source: the stacks above it, comma-separated. */
export const PLAN_CHAIN_ENV = "PLATFORM_PLAN_CHAIN";

/** What the offline plan stands for: the organization and project the planned stack lives in. */
export interface PlanScope {
    readonly organization: string;
    readonly project: string;
    /** The stack being planned. */
    readonly stack: string;
    /** Stacks whose plans are waiting for this one (outermost first). */
    readonly chain: readonly string[];
}

/**
 * The organization the offline plan assumes: the one the control program in `deployments/` manages the stacks in
 * (`platform-deployments:organization` of Pulumi.control.yaml), else "organization", the DIY backend's.
 */
export function defaultOrganization(projectDir: string): string {
    const file = path.join(projectDir, "deployments", "Pulumi.control.yaml");
    if (!fs.existsSync(file)) return "organization";
    const doc = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
    const org = doc?.config?.["platform-deployments:organization"];
    return typeof org === "string" && org !== "" ? org : "organization";
}

/** The chain handed down by a parent plan. */
export function chainFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
    return (env[PLAN_CHAIN_ENV] ?? "").split(",").filter((s) => s !== "");
}

/**
 * The local stack to plan for `from`, or undefined when the plan must not stand one in: `from` names another
 * organization or project, or this very stack (the stack program then refuses the config, naming the key).
 * Throws a ConfigError when the source leads back to a stack already being planned (a cycle would spawn plans
 * without end).
 */
export function localPromotionSource(from: string, scope: PlanScope): string | undefined {
    const [org, project, stack] = from.split("/");
    if (stack === undefined || org !== scope.organization || project !== scope.project || stack === scope.stack) return undefined;
    const chain = [...scope.chain, scope.stack];
    if (chain.includes(stack)) {
        throw new ConfigError([
            `platform:promotion.from: expected a promotion chain that ends in a stack without platform:promotion, found "${from}", which leads back to "${stack}" (${[...chain, stack].join(" → ")})`,
        ], scope.stack);
    }
    return stack;
}
