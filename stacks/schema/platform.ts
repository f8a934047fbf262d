import * as path from "node:path";
import { z } from "zod";
import { cpuQuantity, dnsLabel, memoryQuantity } from "./common";
import { GATEWAY_NAMESPACES } from "../../policies/lib/platformNamespaces";

export const tiers = ["dev", "staging", "production"] as const;
export type Tier = (typeof tiers)[number];

/** `platform:environment` — which environment this stack is. */
export const environmentSchema = z
    .object({
        /** Environment name, used in resource names and the `environment` label. */
        name: dnsLabel.max(20),
        /** Tier: decides defaults and policy enforcement. */
        tier: z.enum(tiers),
    })
    .strict();

/** `platform:cloud` — where managed services live. */
export const cloudSchema = z
    .object({
        provider: z.enum(["aws", "azure", "gcp", "none"]),
        /** Primary region (AWS region, Azure location, GCP region). Required unless provider is none. */
        region: z.string().min(1).optional(),
        /** Disaster-recovery region. */
        drRegion: z.string().min(1).optional(),
        /** GCP project id (gcp only). */
        project: z.string().min(1).optional(),
        /** Azure resource group name (azure only); default `<project>-<environment>`. */
        resourceGroup: z.string().min(1).optional(),
    })
    .strict()
    .superRefine((c, ctx) => {
        if (c.provider !== "none" && c.region === undefined) {
            ctx.addIssue({ code: "custom", path: ["region"], message: `expected a region for cloud "${c.provider}"`, input: undefined });
        }
        if (c.drRegion !== undefined && c.drRegion === c.region) {
            ctx.addIssue({ code: "custom", path: ["drRegion"], message: "expected a DR region different from the primary region", input: c.drRegion });
        }
        if (c.provider === "gcp" && c.project === undefined) {
            ctx.addIssue({ code: "custom", path: ["project"], message: "expected a GCP project id", input: undefined });
        }
    });

/**
 * Why a render directory is refused, or undefined: it is resolved against the project directory and must
 * stay inside it (the Kubernetes provider writes and deletes files there).
 */
export function renderDirectoryProblem(directory: string): string | undefined {
    if (path.posix.isAbsolute(directory) || path.win32.isAbsolute(directory)) return "expected a directory relative to the project (next to Pulumi.yaml), not an absolute path";
    const segments = path.posix.normalize(directory.replace(/\\/g, "/")).split("/").filter((s) => s !== "" && s !== ".");
    if (segments[0] === "..") return "expected a directory inside the project, but \"..\" leads out of it";
    if (segments.length === 0) return "expected a subdirectory of the project, not the project directory itself";
    return undefined;
}

/** `platform:kubernetes` — the cluster target. */
export const kubernetesSchema = z.discriminatedUnion("mode", [
    /** Render YAML to a directory inside the project (no cluster needed). */
    z.object({
        mode: z.literal("render"),
        directory: z.string().min(1).superRefine((d, ctx) => {
            const problem = renderDirectoryProblem(d);
            if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: d });
        }).default("rendered"),
    }).strict(),
    /** Use the kubeconfig held in the secret config key `platform:kubeconfig`. */
    z.object({ mode: z.literal("kubeconfig"), context: z.string().min(1).optional() }).strict(),
    /** Use a context of the ambient kubeconfig (~/.kube/config or $KUBECONFIG). */
    z.object({ mode: z.literal("context"), context: z.string().min(1) }).strict(),
]);

/** `platform:namespace` — the environment namespace, its quota and limit range. */
export const namespaceSchema = z
    .object({
        /** Namespace name. Default `<environment.name>`. */
        name: dnsLabel.optional(),
        quota: z
            .object({
                requestsCpu: cpuQuantity,
                requestsMemory: memoryQuantity,
                limitsCpu: cpuQuantity,
                limitsMemory: memoryQuantity,
                pods: z.number().int().min(1),
                services: z.number().int().min(1).default(50),
                persistentVolumeClaims: z.number().int().min(0).default(20),
            })
            .strict(),
        limitRange: z
            .object({
                defaultRequest: z.object({ cpu: cpuQuantity, memory: memoryQuantity }).strict(),
                defaultLimit: z.object({ cpu: cpuQuantity, memory: memoryQuantity }).strict(),
                max: z.object({ cpu: cpuQuantity, memory: memoryQuantity }).strict(),
            })
            .strict(),
    })
    .strict();

/**
 * An identity-provider group. Kubernetes' own `system:` groups are refused: system:authenticated is
 * every signed-in user, system:serviceaccounts[:<ns>] every workload's token, system:masters bypasses RBAC.
 */
const group = z.string().min(1).refine((g) => !g.startsWith("system:"), {
    message: "expected an identity-provider group, not one of Kubernetes' own \"system:\" groups (system:authenticated is every signed-in user, system:serviceaccounts every workload's token)",
});
const groups = z.array(group).default([]);
/** `platform:rbac` — identity-provider groups bound to the three roles. */
export const rbacSchema = z.object({ admins: groups, developers: groups, viewers: groups }).strict();

/** `platform:gateway` — the shared Gateway API gateway that fronts apps. */
export const gatewaySchema = z
    .object({
        name: dnsLabel,
        /** The gateway's namespace: one the platform owns (policies/lib/platformNamespaces.ts), never one a stack picks. */
        namespace: dnsLabel.refine((ns) => GATEWAY_NAMESPACES.includes(ns), {
            message: `expected the platform's gateway namespace (${GATEWAY_NAMESPACES.join(", ")}): every pod in the gateway namespace reaches every app's ports, so it is fixed by the platform, not by the stack`,
        }),
    })
    .strict();

/** `platform:tags` — labels/tags applied to every resource. */
export const tagsSchema = z
    .object({
        owner: z.string().min(1),
        costCenter: z.string().min(1),
    })
    .catchall(z.string())
    .refine((t) => Object.keys(t).every((k) => /^[A-Za-z][A-Za-z0-9_.-]{0,62}$/.test(k)), { message: "expected tag keys of letters, digits, '_', '.', '-'" });
