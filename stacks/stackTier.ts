// The tier follows the stack: the tier decides which policies are mandatory, whether images must be
// pinned by digest and whether canaries need analysis, so a stack file cannot choose a weaker one than
// its stack's name says. Pure; the table below is the whole rule.
import type { Tier } from "./schema/platform";

/**
 * Name words that fix a tier, strictest first. A stack (or environment) name is split into words at
 * "-", "_" and "."; the first row with a matching word wins, so "prod-dev-copy" is production.
 * Names with none of these words (qa, bench, test) fix nothing: their file's tier stands.
 */
export const TIER_NAME_WORDS: ReadonlyArray<{ readonly tier: Tier; readonly words: readonly string[] }> = [
    { tier: "production", words: ["production", "prod", "prd"] },
    { tier: "staging", words: ["staging", "stage", "stg", "preprod"] },
    { tier: "dev", words: ["dev", "development"] },
];

/** The tier a stack or environment name fixes, and the word that fixed it; undefined when it names none. */
export function tierOfName(name: string): { readonly tier: Tier; readonly word: string } | undefined {
    // A fully qualified stack name (org/project/stack): only the stack part is the name.
    const words = (name.split("/").pop() ?? name).toLowerCase().split(/[-_.]/);
    for (const row of TIER_NAME_WORDS) {
        const word = words.find((w) => row.words.includes(w));
        if (word !== undefined) return { tier: row.tier, word };
    }
    return undefined;
}

export interface TierProblem {
    readonly path: (string | number)[];
    readonly message: string;
    readonly found: Tier;
}

/**
 * Problems when the declared tier is not the one the stack's name, or `platform:environment.name`,
 * fixes: a stack named production declaring `tier: dev` would turn every mandatory rule advisory.
 */
export function stackTierProblems(stack: string | undefined, environment: { readonly name: string; readonly tier: Tier }): TierProblem[] {
    const problems: TierProblem[] = [];
    const byStack = stack === undefined ? undefined : tierOfName(stack);
    if (byStack !== undefined && byStack.tier !== environment.tier) {
        problems.push({
            path: ["environment", "tier"],
            message: `expected "${byStack.tier}" because the stack is named "${stack}" (a name with the word "${byStack.word}" is a ${byStack.tier} stack; the tier follows the stack, not its file)`,
            found: environment.tier,
        });
    }
    const byName = tierOfName(environment.name);
    if (byName !== undefined && byName.tier !== environment.tier) {
        problems.push({
            path: ["environment", "tier"],
            message: `expected "${byName.tier}" because platform:environment.name is "${environment.name}" (an environment named with the word "${byName.word}" is ${byName.tier}; its namespace and labels say so)`,
            found: environment.tier,
        });
    }
    return problems;
}

/**
 * The tier whose policies a plan of `stack` is evaluated with: the one its name fixes, else the tier its
 * (validated) config declares.
 */
export function policyTier(stack: string, declared: Tier): Tier {
    return tierOfName(stack)?.tier ?? declared;
}
