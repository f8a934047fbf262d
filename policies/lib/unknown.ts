import { UnknownValueError } from "@pulumi/policy";

/**
 * Reads a value that may be unknown during preview and returns `fallback` in that case. Use it only
 * where an unknown value has a safe meaning (e.g. "match this resource by its dependencies instead
 * of by name"); everywhere else let the error reach the analyzer, which skips the rule.
 */
export function known<T>(read: () => T, fallback: T): T {
    try {
        return read();
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return fallback;
        }
        throw e;
    }
}
