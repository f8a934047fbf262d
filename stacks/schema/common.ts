import { z } from "zod";
import { parseCidr } from "../../policies/lib/cidr";

/** A DNS-1123 label: lower-case alphanumerics and '-', at most 63 characters. */
export const dnsLabel = z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
        message: "expected a DNS-1123 label (lower-case letters, digits and '-', starting and ending alphanumeric)",
    })
    .max(63);

/** A Kubernetes CPU quantity such as `250m` or `2`. */
export const cpuQuantity = z
    .string()
    .regex(/^([0-9]+m|[0-9]+(\.[0-9]+)?)$/, { message: "expected a CPU quantity such as \"250m\" or \"1\"" });

/** A Kubernetes memory quantity such as `256Mi` or `1Gi`. */
export const memoryQuantity = z
    .string()
    .regex(/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|K|M|G|T)?$/, { message: "expected a memory quantity such as \"256Mi\" or \"1Gi\"" });

/**
 * A container image reference. Either `repo:tag`, `repo@sha256:<64 hex>` or `repo:tag@sha256:<64 hex>`.
 * `latest` and untagged references are rejected: a release must name what it ships.
 */
export const imageRef = z
    .string()
    .regex(/^[a-z0-9][a-z0-9._\-/:]*?(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/, {
        message: "expected an image reference \"registry/repo:tag\" or \"registry/repo@sha256:<digest>\"",
    })
    .refine((ref) => /@sha256:[a-f0-9]{64}$/.test(ref) || /:[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(ref.replace(/^[^/]*\//, "")), {
        message: "expected an image with a tag or a digest; an untagged image means \"latest\"",
    })
    .refine((ref) => !/:latest(@|$)/.test(ref), { message: "expected a pinned tag or digest, not \"latest\"" });

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

/** A go-style duration such as `30s`, `1m`, `1h30m`. */
export const duration = z.string().regex(/^([0-9]+(ms|s|m|h|d))+$/, { message: "expected a duration such as \"30s\", \"5m\" or \"1h\"" });

const SUFFIX: Record<string, number> = { m: 1e-3, "": 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };

/** The numeric value of a CPU or memory quantity accepted above ("250m" → 0.25, "1Gi" → 1073741824). */
export function quantity(q: string): number | undefined {
    const m = /^([0-9]+(?:\.[0-9]+)?)(m|Ki|Mi|Gi|Ti|K|M|G|T)?$/.exec(q);
    return m ? Number(m[1]) * SUFFIX[m[2] ?? ""] : undefined;
}
