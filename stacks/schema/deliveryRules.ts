// Tier rules of platform:promotion and platform:release: what production cannot leave out or switch off.
// Pure: `crossKeyProblems` runs them before anything is registered.
import type { PromotionConfig, ReleaseConfig } from "./delivery";
import type { Tier } from "./platform";
import type { Problem } from "./progressive";
import { TIER_NAME_WORDS, tierOfName } from "../stackTier";

const stagingWords = () => TIER_NAME_WORDS.find((r) => r.tier === "staging")!.words.map((w) => `"${w}"`).join(", ");

/** Where the stack being configured lives, as far as it is known (tests may leave organization and stack out). */
export interface StackContext {
    /** The Pulumi project: the config namespace (`platform`). */
    readonly project: string;
    readonly stack?: string;
    /** Pulumi Cloud organization, or "organization" on a DIY backend. */
    readonly organization?: string;
}

/**
 * `promotion.from` (already `<org>/<project>/<stack>`) must name another stack of this project in this
 * organization: a manifest of another project describes other apps, another organization is not ours to trust,
 * and a stack cannot verify its own release.
 */
export function promotionSourceProblems(from: string, context: StackContext): Problem[] {
    const [org, project, stack] = from.split("/");
    const problems: Problem[] = [];
    const path = ["promotion", "from"];
    if (project !== context.project) {
        problems.push({ path, message: `expected a stack of this project ("<org>/${context.project}/<stack>"): another project's release manifest describes other apps`, found: from });
    }
    if (context.organization !== undefined && org !== context.organization) {
        problems.push({ path, message: `expected a stack of this organization ("${context.organization}/${context.project}/<stack>")`, found: from });
    }
    if (context.stack !== undefined && stack === context.stack && project === context.project) {
        problems.push({ path, message: `expected another stack than this one ("${context.stack}"): a stack cannot verify its own release`, found: from });
    }
    return problems;
}

/** Example window for messages: the shipped production stack's. */
const EXAMPLE_WINDOW = "Mon-Thu 22:00-23:00 UTC";

/**
 * Production deploys only what staging verified (a promotion source, with verification required) and only inside a
 * maintenance window. A stack file that drops either key, or turns verification off, is refused.
 */
export function deliveryProblems(
    c: { readonly environment: { readonly tier: Tier }; readonly promotion?: Pick<PromotionConfig, "from" | "requireVerified">; readonly release?: ReleaseConfig },
    context: StackContext,
): Problem[] {
    const problems: Problem[] = c.promotion ? promotionSourceProblems(c.promotion.from, context) : [];
    if (c.environment.tier !== "production") return problems;
    if (c.promotion === undefined) {
        problems.push({ path: ["promotion"], message: "expected a promotion source in production ({ from: \"<org>/platform/staging\" }): production deploys only the digests staging verified, never images from its own config" });
    } else if (problems.length === 0 && tierOfName(c.promotion.from)?.tier !== "staging") {
        // The tier of the source is its name's, never what its stack file or its manifest claims: a stack named qa
        // may declare tier staging and deploy without a single gate.
        problems.push({ path: ["promotion", "from"], message: `expected a staging stack, by its name (a stack named with ${stagingWords()}): production promotes only what staging verified, and a stack's tier follows its name, never its file or its manifest`, found: c.promotion.from });
    } else if (!c.promotion.requireVerified) {
        problems.push({ path: ["promotion", "requireVerified"], message: "expected true (or unset) in production: an app whose gates did not pass in the source stack must not be promoted", found: false });
    }
    if (c.release === undefined) {
        problems.push({ path: ["release"], message: `expected a maintenance window in production ({ maintenanceWindow: "${EXAMPLE_WINDOW}" }): \`pulumi up\` may change production only inside it` });
    }
    return problems;
}
