// Config helpers for tests that feed hostile edits of a shipped stack file (or a fixture) to the real schema.
import { ConfigError, parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { stackConfig } from "./plan";

/** A config value tree the tests edit freely. */
export type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A shipped stack's (or a fixture file's) raw `platform:*` values, as the program reads them: a copy to edit. */
export function rawValues(stack: string, file?: string): Values {
    return structuredClone(readRawConfig(stackConfig(stack, file).config));
}
export const rawConfig = rawValues;

/** Raw `platform:*` values of a shipped stack (a copy), with `edit` applied. */
export function shippedValues(stack: string, edit: (values: Values) => void = () => undefined): Values {
    const values = rawValues(stack);
    edit(values);
    return values;
}

/**
 * Every problem the schema reports for `values` planned as the stack `stack` of `organization`, or []
 * when it parses: a test of a hostile config compares the exact list, so an accepted config fails it.
 */
export function configProblems(values: Values, stack = "test", organization = "acme"): readonly string[] {
    try {
        parsePlatformConfig(values, stack, organization);
    } catch (e) {
        if (e instanceof ConfigError) return e.problems;
        throw e;
    }
    return [];
}
