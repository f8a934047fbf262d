// CIDR ranges for egress rules: what a destination range may be. Shared by the pack's egress rule and
// the stack schema (which imports it: stacks -> policies is the allowed direction). Addresses are
// validated and compared by node's `net` module (isIP, BlockList), never by hand; special ranges come from ipaddr.js.
import * as ipaddr from "ipaddr.js";
import { BlockList, isIPv4, isIPv6 } from "net";

export interface Cidr {
    readonly address: string;
    readonly prefix: number;
    readonly family: "ipv4" | "ipv6";
}

/** `10.0.0.0/16` → its parts; undefined when it is not an IPv4 or IPv6 CIDR. */
export function parseCidr(text: string): Cidr | undefined {
    const slash = text.lastIndexOf("/");
    const address = text.slice(0, slash);
    const bits = text.slice(slash + 1);
    const family = isIPv4(address) ? "ipv4" : isIPv6(address) ? "ipv6" : undefined;
    if (slash < 0 || family === undefined || !/^[0-9]{1,3}$/.test(bits)) {
        return undefined;
    }
    const prefix = Number(bits);
    return prefix <= (family === "ipv4" ? 32 : 128) ? { address, prefix, family } : undefined;
}

/** True when every address of `inner` is in `outer` (ranges of one family). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
    if (outer.family !== inner.family || inner.prefix < outer.prefix) {
        return false;
    }
    const list = new BlockList();
    list.addSubnet(outer.address, outer.prefix, outer.family);
    return list.check(inner.address, inner.family);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
    return cidrContains(a, b) || cidrContains(b, a);
}

const range = (text: string): Cidr => parseCidr(text)!;

/** Ranges no egress rule may reach: link-local, where every cloud's metadata service hands out node credentials. */
export const FORBIDDEN_DESTINATIONS: ReadonlyArray<{ readonly cidr: Cidr; readonly text: string; readonly why: string }> = [
    { cidr: range("169.254.0.0/16"), text: "169.254.0.0/16", why: "link-local: the cloud metadata service at 169.254.169.254 hands out the node's credentials" },
    { cidr: range("fe80::/10"), text: "fe80::/10", why: "IPv6 link-local" },
    { cidr: range("fd00:ec2::254/128"), text: "fd00:ec2::254/128", why: "the AWS metadata service over IPv6" },
];

/**
 * IPv6 ranges that carry IPv4 addresses inside their own (ipaddr.js's table of special ranges, not ours):
 * IPv4-mapped and translated addresses, NAT64 (`64:ff9b::/96` is all of IPv4, the metadata address
 * included), 6to4 (`2002:a9fe::/32` is 169.254.0.0/16) and Teredo. An egress rule over any part of them
 * reaches IPv4 space past the IPv4 bounds, so none may overlap one.
 */
const IPV4_EMBEDDING: ReadonlyArray<{ readonly name: string; readonly cidr: Cidr; readonly text: string }> = ["ipv4Mapped", "rfc6145", "rfc6052", "6to4", "teredo"].flatMap((name) => {
    const entry = (ipaddr.IPv6.prototype as unknown as { SpecialRanges: Record<string, [ipaddr.IPv6, number] | Array<[ipaddr.IPv6, number]>> }).SpecialRanges[name];
    const list = Array.isArray(entry[0]) ? (entry as Array<[ipaddr.IPv6, number]>) : [entry as [ipaddr.IPv6, number]];
    return list.map(([address, prefix]) => ({ name, cidr: range(`${address.toString()}/${prefix}`), text: `${address.toString()}/${prefix}` }));
});

/** Private address space (RFC 1918, RFC 6598 shared space, IPv6 unique local): where a VPC's subnets live. */
export const PRIVATE_RANGES: readonly Cidr[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"].map(range);

/** The narrowest prefix an egress destination may have: a wider range reaches a whole slice of the internet. */
export interface PrefixBounds {
    readonly ipv4: number;
    readonly ipv6: number;
}
export const EGRESS_MIN_PREFIX: PrefixBounds = { ipv4: 8, ipv6: 32 };

/**
 * Why `text` may not be an egress destination (a sentence starting "expected"), or undefined when it may.
 * `scope` ("in production") says where the prefix bound applies.
 */
export function egressCidrProblem(text: string, minPrefix: PrefixBounds = EGRESS_MIN_PREFIX, scope?: string): string | undefined {
    const cidr = parseCidr(text);
    if (cidr === undefined) {
        return "expected a CIDR such as \"10.20.0.0/16\"";
    }
    if (cidr.prefix < minPrefix[cidr.family]) {
        const bound = `/${minPrefix[cidr.family]} or narrower for ${cidr.family === "ipv4" ? "IPv4" : "IPv6"}${scope !== undefined ? ` ${scope}` : ""}`;
        return `expected a destination range of ${bound}: /${cidr.prefix} ${cidr.prefix === 0 ? "is every address" : "reaches far more than the services the app calls"}`;
    }
    const embedding = cidr.family === "ipv6" ? IPV4_EMBEDDING.find((e) => cidrsOverlap(e.cidr, cidr)) : undefined;
    if (embedding !== undefined) {
        return `expected an IPv6 range outside ${embedding.text} (${embedding.name}: it carries IPv4 addresses, so an egress there escapes the IPv4 bounds; write an IPv4 range as IPv4)`;
    }
    const forbidden = FORBIDDEN_DESTINATIONS.find((f) => cidrsOverlap(f.cidr, cidr));
    if (forbidden !== undefined) {
        return `expected a destination outside ${forbidden.text} (${forbidden.why})`;
    }
    return undefined;
}

/** True when `cidr` lies wholly in private address space. */
export function isPrivateCidr(cidr: Cidr): boolean {
    return PRIVATE_RANGES.some((r) => cidrContains(r, cidr));
}
