// Route hostnames on a shared Gateway. Shared by the pack's route rule and the stack schema.

/** True for `*.com`: a wildcard directly over a top-level domain, which takes every host of it on a shared Gateway. */
export function isTopLevelWildcard(hostname: string): boolean {
    return hostname.startsWith("*.") && hostname.split(".").length < 3;
}
