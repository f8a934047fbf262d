import { z } from "zod";
import { defaultNamespace } from "../defaults";
import { makeAppsSchema } from "./apps";
import { quantity } from "./common";
import { backupsSchema, dataSchema, drSchema } from "./data";
import { promotionSchema, releaseSchema } from "./delivery";
import { deliveryProblems, type StackContext } from "./deliveryRules";
import { egressProblems } from "./egress";
import { gatePolicyProblems } from "./gateRules";
import { networkSchema } from "./network";
import { alertingProblems, alertsSchema, monitoringInstallProblems, monitoringSchema, receiverSecretKeys, resolveAlerting } from "./observability";
import { progressiveProblems } from "./progressive";
import { routeConfigProblems } from "./routes";
import { quotaProblems } from "./quotaFit";
import { reservedNamespaceReason } from "../../policies/lib/platformNamespaces";
import { cloudSchema, environmentSchema, gatewaySchema, kubernetesSchema, namespaceSchema, rbacSchema, tagsSchema } from "./platform";

/**
 * Every `platform:<key>` a stack may set, one schema each. Keys not listed here are errors.
 * Defaults that depend on the environment tier are applied after parsing (see `stacks/defaults.ts`).
 */
export const makeConfigKeySchemas = (options: { readonly promoted: boolean }) => ({
    environment: environmentSchema,
    cloud: cloudSchema.default({ provider: "none" }),
    kubernetes: kubernetesSchema.default({ mode: "render", directory: "rendered" }),
    /** Secret kubeconfig (used when kubernetes.mode is "kubeconfig"). */
    kubeconfig: z.string().min(1).optional(),
    namespace: namespaceSchema.optional(),
    rbac: rbacSchema.default({ admins: [], developers: [], viewers: [] }),
    gateway: gatewaySchema.default({ name: "platform-gateway", namespace: "gateway" }),
    tags: tagsSchema,
    apps: makeAppsSchema(!options.promoted),
    /** Secret values referenced by name (apps' secretEnv, alert receivers). Set with `pulumi config set --secret --path 'platform:secrets.<name>'`. */
    /** ServiceMonitors and dashboards per app; optional kube-prometheus-stack install. */
    monitoring: monitoringSchema.prefault({}),
    /** Alert thresholds, durations and receivers (PrometheusRule + AlertmanagerConfig). */
    alerts: alertsSchema.prefault({}),
    /** Managed PostgreSQL and object storage in the stack's cloud. */
    data: dataSchema.optional(),
    /** Backup schedule, retention, DR copy, Velero, restore testing. */
    backups: backupsSchema.optional(),
    /** DR replication and the declared RPO/RTO. */
    dr: drSchema.optional(),
    /** Private networking the data services attach to. */
    network: networkSchema.optional(),
    /** Deploy the images another stack verified (production ← staging). */
    promotion: promotionSchema.optional(),
    /** When `pulumi up` may change this stack. */
    release: releaseSchema.optional(),
    secrets: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/), z.string()).default({}),
});

/** The whole config's schema. A stack with `platform:promotion` may leave app images out. */
export function configSchema(options: { readonly promoted: boolean }) {
    return z.object(makeConfigKeySchemas(options)).strict();
}
export const rawConfigSchema = configSchema({ promoted: false });
export const configKeySchemas = makeConfigKeySchemas({ promoted: false });
export type RawPlatformConfig = z.infer<typeof rawConfigSchema>;

/** Cross-key rules: checked after each key parses on its own. `context` says which stack is configured. */
export function crossKeyProblems(c: RawPlatformConfig, context: StackContext = { project: "platform" }): Array<{ path: (string | number)[]; message: string; found?: unknown }> {
    const problems: Array<{ path: (string | number)[]; message: string; found?: unknown }> = [];
    const tierNamespace = defaultNamespace(c.environment.tier, c.environment.name);
    const max = (c.namespace?.limitRange ?? tierNamespace.limitRange).max;
    c.apps.forEach((app, i) => {
        for (const r of ["cpu", "memory"] as const) {
            const limit = quantity(app.resources.limits[r]);
            const ceiling = quantity(max[r]);
            if (limit !== undefined && ceiling !== undefined && limit > ceiling) {
                problems.push({ path: ["apps", i, "resources", "limits", r], message: `expected at most the namespace LimitRange max (${max[r]}; platform:namespace.limitRange.max), or pods are refused`, found: app.resources.limits[r] });
            }
        }
        for (const p of [...progressiveProblems(app, c.environment.tier), ...egressProblems(app, c.environment.tier)]) problems.push({ ...p, path: ["apps", i, ...p.path] });
        for (const p of gatePolicyProblems(app, c.environment.tier, c.namespace?.name ?? c.environment.name)) problems.push({ ...p, path: ["apps", i, ...p.path] });
        if (c.environment.tier !== "dev") {
            const images = app.strategy.type === "blueGreen" ? [app.strategy.blue.image, app.strategy.green.image]
                : app.strategy.type === "canary" ? [app.image, app.strategy.stableImage] : [app.image];
            const unpinned = images.filter((img): img is string => img !== undefined && !/@sha256:[a-f0-9]{64}$/.test(img));
            for (const img of unpinned) {
                problems.push({ path: ["apps", i, "image"], message: `expected an image pinned by digest in ${c.environment.tier} (repo:tag@sha256:<digest>), so the release manifest names exactly what was verified`, found: img });
            }
        }
        for (const [variable, ref] of Object.entries(app.secretEnv)) {
            if (!Object.hasOwn(c.secrets, ref)) {
                problems.push({
                    path: ["apps", i, "secretEnv", variable],
                    message: `expected the name of a key under platform:secrets (set it with \`pulumi config set --secret --path 'platform:secrets.${ref}' <value>\`)`,
                    found: ref,
                });
            }
        }
    });
    for (const p of routeConfigProblems(c.apps)) problems.push({ ...p, path: ["apps", ...p.path] });
    for (const line of alertingProblems(resolveAlerting(c.alerts, c.environment.tier), c.environment.tier)) {
        const [key, ...rest] = line.split(": ");
        problems.push({ path: [key], message: rest.join(": ") });
    }
    for (const ref of receiverSecretKeys(c.alerts)) {
        if (!Object.hasOwn(c.secrets, ref)) {
            problems.push({ path: ["alerts", "receivers"], message: `expected the name of a key under platform:secrets (\`pulumi config set --secret --path 'platform:secrets.${ref}' <value>\`)`, found: ref });
        }
    }
    problems.push(...monitoringInstallProblems(c.monitoring, { secretNames: Object.keys(c.secrets) }));
    const namespace = c.namespace?.name ?? c.environment.name;
    const reserved = reservedNamespaceReason(namespace);
    if (reserved !== undefined) {
        const named = c.namespace?.name !== undefined;
        problems.push({
            path: named ? ["namespace", "name"] : ["environment", "name"],
            message: `expected a namespace of the stack's own, but "${namespace}" is ${reserved}${named ? "" : " (the namespace defaults to environment.name; set platform:namespace.name)"}`,
            found: namespace,
        });
    }
    problems.push(...quotaProblems(c.apps, c.namespace?.quota ?? tierNamespace.quota, c.environment.tier, c.namespace === undefined));
    problems.push(...deliveryProblems(c, context));
    if (c.kubernetes.mode === "kubeconfig" && c.kubeconfig === undefined) {
        problems.push({ path: ["kubeconfig"], message: "expected a secret kubeconfig because kubernetes.mode is \"kubeconfig\" (`pulumi config set --secret platform:kubeconfig < kubeconfig.yaml`)" });
    }
    return problems;
}
