// Config helpers for tests that feed hostile edits of a shipped stack file to the real schema.
import { ConfigError, parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { stackConfig } from "./plan";

/** Raw `platform:*` values of a shipped stack (a copy), with `edit` applied. */
export function shippedValues(stack: string, edit: (values: Record<string, any>) => void = () => undefined): Record<string, unknown> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const values = structuredClone(readRawConfig(stackConfig(stack).config)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    edit(values);
    return values;
}

/** Every problem the schema reports for `values` (empty when it parses), as the stack `stack` of `organization`. */
export function configProblems(values: Record<string, unknown>, stack: string, organization = "acme"): readonly string[] {
    try {
        parsePlatformConfig(values, stack, organization);
    } catch (e) {
        if (e instanceof ConfigError) return e.problems;
        throw e;
    }
    return [];
}
