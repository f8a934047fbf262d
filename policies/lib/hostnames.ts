// Route hostnames on a shared Gateway. Shared by the pack's route rule and the stack schema.
import { getPublicSuffix } from "tldts";

/**
 * The public suffix a wildcard hostname covers whole, or undefined. `*.com`, `*.co.uk` and `*.github.io`
 * each take every host registered under a suffix (by anyone: the Public Suffix List's ICANN and private
 * sections, through tldts), which on a shared Gateway is every other team's traffic; `*.example.co.uk` is
 * one domain's. A suffix the list does not know (`*.internal`) counts as public, as the list's default
 * rule says.
 */
export function wildcardSuffix(hostname: string): string | undefined {
    if (!hostname.startsWith("*.")) return undefined;
    const rest = hostname.slice(2).toLowerCase();
    return getPublicSuffix(rest, { allowPrivateDomains: true }) === rest ? rest : undefined;
}

/** True for a wildcard over a public suffix (`*.com`, `*.co.uk`, `*.github.io`). */
export function isTopLevelWildcard(hostname: string): boolean {
    return wildcardSuffix(hostname) !== undefined;
}
