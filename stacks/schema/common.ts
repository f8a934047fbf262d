import { z } from "zod";
import { parseImageReference } from "../../policies/lib/imageReference";
import { parseCidr } from "../../policies/lib/cidr";

/** A DNS-1123 label: lower-case alphanumerics and '-', at most 63 characters. */
export const dnsLabel = z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
        message: "expected a DNS-1123 label (lower-case letters, digits and '-', starting and ending alphanumeric)",
    })
    .max(63);

/**
 * Kubernetes' quantity grammar (k8s.io/apimachinery/pkg/api/resource): a number (`1`, `1.5`, `1.`, `.5`)
 * and one suffix: binary `Ki Mi Gi Ti Pi Ei`, decimal `n u m k M G T P E`, or an exponent `e3`, `E-3`,
 * `e+6`. `512K` is not one (the suffix is `k`); `512k` and `1e3` are. Resources are never negative, so
 * no sign is accepted. Linear-time (test/policies/regexSafety.test.ts).
 */
const QUANTITY = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

const SUFFIX: Readonly<Record<string, number>> = {
    n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The numeric value of a quantity ("250m" → 0.25, "1Gi" → 1073741824, "1e3" → 1000), or undefined when it is not one. */
export function quantity(q: string): number | undefined {
    const m = QUANTITY.exec(q);
    if (m === null) return undefined;
    const suffix = m[2] ?? "";
    const scale = /^[eE][+-]?[0-9]+$/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX[suffix];
    return Number(m[1]) * scale;
}

function quantitySchema(example: string) {
    return z.string().refine((q) => quantity(q) !== undefined, {
        message: `expected a Kubernetes quantity such as ${example} (a number and one suffix: Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or an exponent such as e3)`,
    });
}

/** A Kubernetes CPU quantity such as `250m` or `2`. */
export const cpuQuantity = quantitySchema("\"250m\" or \"1\"");

/** A Kubernetes memory quantity such as `256Mi` or `1Gi`. */
export const memoryQuantity = quantitySchema("\"256Mi\" or \"1Gi\"");

/**
 * A container image reference by the distribution grammar (policies/lib/imageReference.ts): `repo:tag`,
 * `repo@sha256:<64 hex>` or `repo:tag@sha256:<64 hex>`. The digest, when given, is sha256 (what the gates
 * verify and the release records); `latest` and untagged references are rejected: a release must name what it ships.
 */
export const imageRef = z.string().superRefine((ref, ctx) => {
    const parsed = parseImageReference(ref);
    const problem = parsed === undefined ? "expected an image reference \"registry/repo:tag\" or \"registry/repo@sha256:<digest>\" (lower-case name, tag of at most 128 of [A-Za-z0-9_.-])"
        : parsed.digest !== undefined && !parsed.digest.startsWith("sha256:") ? "expected a sha256 digest (the digest the gates verify and the release records)"
        : parsed.tag === undefined && parsed.digest === undefined ? "expected an image with a tag or a digest; an untagged image means \"latest\""
        : parsed.tag === "latest" ? "expected a pinned tag or digest, not \"latest\""
        : undefined;
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: ref });
});

/** Resource requests or limits. */
export const computeResources = z
    .object({
        /** CPU quantity. */
        cpu: cpuQuantity,
        /** Memory quantity. */
        memory: memoryQuantity,
    })
    .strict();

/** A TCP/UDP port number. */
export const port = z.number().int().min(1).max(65535);

/** An IPv4 or IPv6 CIDR such as `10.0.0.0/16` (what it may reach is checked per use: egress, database subnets). */
export const cidr = z.string().refine((c) => parseCidr(c) !== undefined, { message: "expected a CIDR such as \"10.0.0.0/16\"" });

/** The largest value of a Kubernetes API int32 field (replicas, seconds, thresholds, HPA bounds). */
export const INT32_MAX = 2_147_483_647;

/** An integer that lands in a Kubernetes int32 field, at least `min`. */
export const int32 = (min: number) => z.number().int().min(min).max(INT32_MAX, { message: "the Kubernetes API's int32 maximum" });

/**
 * A port name as Kubernetes accepts it (IANA_SVC_NAME): 1-15 lower-case letters, digits and '-', at least
 * one letter, no '-' at either end and no "--".
 */
export const portName = z.string().regex(/^(?=.*[a-z])(?!-)(?!.*--)[-a-z0-9]{1,15}(?<!-)$/, {
    message: "expected an IANA service name (1-15 lower-case letters, digits and '-', at least one letter, no '-' at either end, no \"--\")",
});

/** A label value: empty, or at most 63 of [A-Za-z0-9_.-] starting and ending alphanumeric (Kubernetes IsValidLabelValue). */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** A DNS-1123 subdomain: the optional prefix of a label key (at most 253 characters). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const labelValue = z.string().max(63).regex(LABEL_VALUE, { message: "expected a label value (at most 63 of [A-Za-z0-9_.-], alphanumeric at both ends)" });

/** A label key: `name` or `prefix/name`, name as a label value (non-empty), prefix a DNS subdomain (Kubernetes IsQualifiedName). */
export const labelKey = z.string().refine((key) => {
    const parts = key.split("/");
    const name = parts[parts.length - 1];
    const prefix = parts.length === 2 ? parts[0] : undefined;
    return parts.length <= 2 && name !== "" && name.length <= 63 && LABEL_VALUE.test(name)
        && (prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix)));
}, { message: "expected a label key \"name\" or \"prefix/name\" (name: at most 63 of [A-Za-z0-9_.-], alphanumeric at both ends; prefix: a lower-case DNS subdomain of at most 253 characters)" });

/** Labels on (or selecting) Kubernetes objects. */
export const labelMap = z.record(labelKey, labelValue);

/** Prometheus duration units, largest first, in seconds. */
const DURATION_UNITS: ReadonlyArray<readonly [string, number]> = [["y", 365 * 86400], ["w", 7 * 86400], ["d", 86400], ["h", 3600], ["m", 60], ["s", 1], ["ms", 0.001]];
/** Prometheus's duration grammar: each unit at most once, in descending order (`1h30m`, not `30m1h` or `5s1m`). */
const PROM_DURATION = new RegExp(`^${DURATION_UNITS.map(([u]) => `(?:([0-9]+)${u})?`).join("")}$`);

/** Seconds in a Prometheus duration such as "1h30m"; undefined when it does not follow the grammar. */
export function parseDuration(d: string): number | undefined {
    const m = d === "" ? null : PROM_DURATION.exec(d);
    return m ? DURATION_UNITS.reduce((total, [, seconds], i) => total + Number(m[i + 1] ?? 0) * seconds, 0) : undefined;
}

/** Seconds in a duration the schema accepted; throws on any other string. */
export function durationSeconds(d: string): number {
    const seconds = parseDuration(d);
    if (seconds === undefined) throw new Error(`not a Prometheus duration: ${JSON.stringify(d)}`);
    return seconds;
}

/**
 * A Prometheus duration (`30s`, `5m`, `1h30m`) between `min` and `max`, which the message names with `why`.
 * Also the grammar of the Prometheus Operator's `Duration` fields.
 */
export function promDuration(min: string, max: string, why?: string) {
    const [lo, hi] = [durationSeconds(min), durationSeconds(max)];
    return z.string().superRefine((d, ctx) => {
        const seconds = parseDuration(d);
        if (seconds === undefined) {
            ctx.addIssue({ code: "custom", message: "expected a Prometheus duration: whole numbers with units y, w, d, h, m, s, ms, largest first and each at most once (\"30s\", \"5m\", \"1h30m\")", input: d });
        } else if (seconds < lo || seconds > hi) {
            ctx.addIssue({ code: "custom", message: `expected a duration between ${min} and ${max}${why ? ` (${why})` : ""}`, input: d });
        }
    });
}

