/** Small readers for resource props. Props are proxies that throw on unknown values; these never
 * swallow that error (the analyzer turns it into "can't run during preview"). */

/** The value as an array, or [] when it is not one. */
export function arr(value: unknown): any[] {
    return Array.isArray(value) ? (value as any[]) : [];
}

/** The value as a plain object, or {} when it is not one. */
export function obj(value: unknown): Record<string, any> {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, any>) : {};
}

/** The value as a string map (labels, tags, annotations): string values only. */
export function strMap(value: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj(value))) {
        if (typeof v === "string") {
            out[k] = v;
        }
    }
    return out;
}

/** Number from a number or numeric string, else undefined. */
export function num(value: unknown): number | undefined {
    if (typeof value === "number") {
        return value;
    }
    if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) {
        return Number(value);
    }
    return undefined;
}

/** True when every key/value of `selector` is present in `labels` (an empty selector matches all). */
export function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
    return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
