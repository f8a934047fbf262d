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

/**
 * A read of resource props done at most once: later calls return the same value, or throw the same error
 * (an unknown value included), so a rule that compares every resource with every other reads each
 * resource once, with exactly the outcome of reading it each time.
 */
export function readOnce<T>(read: () => T): () => T {
    let outcome: { value: T } | { error: unknown } | undefined;
    return () => {
        if (outcome === undefined) {
            try {
                outcome = { value: read() };
            } catch (error) {
                outcome = { error };
            }
        }
        if ("error" in outcome) {
            throw outcome.error;
        }
        return outcome.value;
    };
}
