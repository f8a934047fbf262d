/** CIDRs and address prefixes that mean "anyone on the internet". */
const PUBLIC_SOURCES = new Set(["0.0.0.0/0", "::/0", "*", "internet", "any", "0.0.0.0"]);

export function isPublicSource(source: unknown): boolean {
    return typeof source === "string" && PUBLIC_SOURCES.has(source.trim().toLowerCase());
}

/** Default admin and database ports that must never be open to the internet. */
export const DEFAULT_SENSITIVE_PORTS = [22, 3389, 5432, 3306, 1433, 1521, 6379, 27017, 9200, 5984, 2379, 10250];

/**
 * Returns the sensitive ports inside the range `from`..`to` (inclusive). A missing range, or a
 * range of -1/0..65535, means all ports.
 */
export function exposedPorts(from: number | undefined, to: number | undefined, sensitive: number[]): number[] {
    const lo = from === undefined || from < 0 ? 0 : from;
    const hi = to === undefined || to < 0 ? 65535 : to;
    return sensitive.filter(p => p >= lo && p <= hi);
}

/** Parses "22", "1000-2000", "*" into a [from, to] range (undefined when unparseable). */
export function parsePortRange(spec: unknown): [number, number] | undefined {
    if (typeof spec === "number") {
        return [spec, spec];
    }
    if (typeof spec !== "string") {
        return undefined;
    }
    const s = spec.trim();
    if (s === "*" || s.toLowerCase() === "any") {
        return [0, 65535];
    }
    const m = /^(\d+)(?:-(\d+))?$/.exec(s);
    if (!m) {
        return undefined;
    }
    return [Number(m[1]), Number(m[2] ?? m[1])];
}
