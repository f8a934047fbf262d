import { z } from "zod";
import { appsSchema } from "./apps";
import { progressiveProblems } from "./progressive";
import { cloudSchema, environmentSchema, gatewaySchema, kubernetesSchema, namespaceSchema, rbacSchema, tagsSchema } from "./platform";

/**
 * Every `platform:<key>` a stack may set, one schema each. Keys not listed here are errors.
 * Defaults that depend on the environment tier are applied after parsing (see `stacks/defaults.ts`).
 */
export const configKeySchemas = {
    environment: environmentSchema,
    cloud: cloudSchema.default({ provider: "none" }),
    kubernetes: kubernetesSchema.default({ mode: "render", directory: "rendered" }),
    /** Secret kubeconfig (used when kubernetes.mode is "kubeconfig"). */
    kubeconfig: z.string().min(1).optional(),
    namespace: namespaceSchema.optional(),
    rbac: rbacSchema.default({ admins: [], developers: [], viewers: [] }),
    gateway: gatewaySchema.default({ name: "platform-gateway", namespace: "gateway" }),
    tags: tagsSchema,
    apps: appsSchema,
    /** Secret values referenced by name (apps' secretEnv, alert receivers). Set with `pulumi config set --secret --path 'platform:secrets.<name>'`. */
    secrets: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/), z.string()).default({}),
};

export const rawConfigSchema = z.object(configKeySchemas).strict();
export type RawPlatformConfig = z.infer<typeof rawConfigSchema>;

/** Cross-key rules: checked after each key parses on its own. */
export function crossKeyProblems(c: RawPlatformConfig): Array<{ path: (string | number)[]; message: string; found?: unknown }> {
    const problems: Array<{ path: (string | number)[]; message: string; found?: unknown }> = [];
    c.apps.forEach((app, i) => {
        for (const p of progressiveProblems(app, c.environment.tier)) problems.push({ ...p, path: ["apps", i, ...p.path] });
        for (const [variable, ref] of Object.entries(app.secretEnv)) {
            if (!(ref in c.secrets)) {
                problems.push({
                    path: ["apps", i, "secretEnv", variable],
                    message: `expected the name of a key under platform:secrets (set it with \`pulumi config set --secret --path 'platform:secrets.${ref}' <value>\`)`,
                    found: ref,
                });
            }
        }
    });
    if (c.kubernetes.mode === "kubeconfig" && c.kubeconfig === undefined) {
        problems.push({ path: ["kubeconfig"], message: "expected a secret kubeconfig because kubernetes.mode is \"kubeconfig\" (`pulumi config set --secret platform:kubeconfig < kubeconfig.yaml`)" });
    }
    if (c.environment.tier === "dev" && c.kubernetes.mode !== "render" && c.cloud.provider === "none") {
        // allowed: a dev stack may target a local cluster; nothing to check.
    }
    return problems;
}
