import * as assert from "node:assert/strict";
import { ConfigError, parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { stackConfig } from "./plan";

/** A config value tree the tests edit freely. */
export type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A shipped stack's (or a fixture file's) raw `platform:*` values, as the program reads them: a copy to edit. */
export function rawValues(stack: string, file?: string): Values {
    return structuredClone(readRawConfig(stackConfig(stack, file).config));
}
export const rawConfig = rawValues;

/**
 * Every problem the schema reports for `values` planned as `stack`, or [] when it parses: a test of a
 * hostile config compares the exact list, so an accepted config fails it.
 */
export function configProblems(values: Values, stack = "test"): readonly string[] {
    try {
        parsePlatformConfig(values, stack);
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
        return e.problems;
    }
    return [];
}
