import * as assert from "node:assert/strict";
import { ConfigError, parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { stackConfig } from "./plan";

/** Raw `platform:*` values of a shipped stack or a fixture file, as the program reads them (a fresh copy). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function rawConfig(stack: string, file?: string): Record<string, any> {
    return readRawConfig(stackConfig(stack, file).config);
}

/** The problems of a config that must be refused; fails when it is accepted. */
export function configProblems(values: Record<string, unknown>): readonly string[] {
    try {
        parsePlatformConfig(values, "test");
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
        return e.problems;
    }
    assert.fail("expected the config to be rejected");
}
