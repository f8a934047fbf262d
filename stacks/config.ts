import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { defaultNamespace, type NamespaceConfig } from "./defaults";
import { dataProblems, resolveData } from "./dataConfig";
import { resolveAlerting } from "./schema/observability";
import { productionFloorProblems } from "./schema/productionFloors";
import { ConfigError, formatIssue, keyPath, suggest } from "./errors";
import type { ResolvedDataProtection } from "./schema/data";
import { configKeySchemas, configSchema, crossKeyProblems, type RawPlatformConfig } from "./schema";
import { stackTierProblems } from "./stackTier";

export { ConfigError } from "./errors";

/** The config namespace of this project (`name` in Pulumi.yaml). */
export const CONFIG_NAMESPACE = "platform";

/** Config keys whose values are never echoed in messages. */
const SECRET_KEYS = new Set(["secrets", "kubeconfig"]);

/** The parsed, defaulted stack configuration. Secret values are not part of it: only their names. */
export interface PlatformConfig extends Omit<RawPlatformConfig, "secrets" | "kubeconfig" | "namespace"> {
    /** data/backups/dr with tier defaults applied. */
    readonly dataProtection: ResolvedDataProtection;
    readonly namespace: Required<NamespaceConfig>;
    /** Names of the entries under `platform:secrets`. */
    readonly secretNames: readonly string[];
    /** Whether a secret kubeconfig was given. */
    readonly hasKubeconfig: boolean;
}

/**
 * Validates raw config values (keyed without the `platform:` prefix) against the schema. `stack` is the
 * stack's name: a name that fixes a tier (production, prod-*, staging, dev...; stacks/stackTier.ts)
 * must match `platform:environment.tier`. `stack` and `organization` (when known) also serve rules such
 * as "never promote from itself". Throws a ConfigError listing every problem; pure, registers nothing.
 */
/** What the engine says about the config besides its `platform:*` values (checked only when given). */
export interface ConfigSource {
    /** Keys (without `platform:`) the CLI handed over as secrets. */
    readonly secretKeys?: ReadonlySet<string>;
    /** Every other key of the stack's config (`<namespace>:<name>`), to catch a misspelt namespace. */
    readonly otherKeys?: readonly string[];
}

export function parsePlatformConfig(values: Readonly<Record<string, unknown>>, stack?: string, organization?: string, source: ConfigSource = {}): PlatformConfig {
    const schema = configSchema({ promoted: values.promotion !== undefined });
    const result = schema.safeParse(values, { reportInput: true });
    const secretKeys = source.secretKeys ?? new Set<string>();
    const plain = [
        ...(source.secretKeys === undefined ? [] : plainSecretProblems(values, source.secretKeys)),
        ...misplacedSecretProblems(secretKeys),
        ...namespaceTypos(source.otherKeys ?? []),
    ];
    // A key that holds secrets, where they belong or not, is never echoed in a message.
    const hidden = (key: unknown) => SECRET_KEYS.has(String(key)) || secretKeys.has(String(key));
    if (!result.success) {
        const problems = result.error.issues.flatMap((issue) => {
            const masked = hidden(issue.path[0]) ? { ...issue, input: "[secret]" } : issue;
            return formatIssue(CONFIG_NAMESPACE, masked as typeof issue & { input?: unknown }, schema, values);
        });
        throw new ConfigError([...problems.map(renameRootKeys), ...plain], stack);
    }
    const raw = result.data;
    const dataProtection = resolveData(raw);
    const context = { project: CONFIG_NAMESPACE, ...(stack !== undefined ? { stack } : {}), ...(organization !== undefined ? { organization } : {}) };
    const problems = [...stackTierProblems(stack, raw.environment), ...crossKeyProblems(raw, context), ...dataProblems(raw, dataProtection),
        ...(raw.environment.tier === "production" ? productionFloorProblems({ monitoring: raw.monitoring, alerting: resolveAlerting(raw.alerts, "production"), apps: raw.apps, data: dataProtection }) : [])].map((p) => {
        const found = p.found === undefined ? "" : `, found ${hidden(p.path[0]) ? "[secret]" : JSON.stringify(p.found)}`;
        return `${keyPath(CONFIG_NAMESPACE, p.path)}: ${p.message}${found}`;
    });
    problems.push(...plain);
    if (problems.length > 0) throw new ConfigError(problems, stack);
    const defaults = defaultNamespace(raw.environment.tier, raw.environment.name);
    const { secrets, kubeconfig, namespace, ...rest } = raw;
    return {
        ...rest,
        namespace: { name: namespace?.name ?? defaults.name, quota: namespace?.quota ?? defaults.quota, limitRange: namespace?.limitRange ?? defaults.limitRange },
        dataProtection,
        secretNames: Object.keys(secrets).sort(),
        hasKubeconfig: kubeconfig !== undefined,
    };
}

/** Unknown top-level keys are reported as `platform:<key>`, the way users write them. */
function renameRootKeys(line: string): string {
    return line.replace(/^platform:(\w+): unknown key/, (_m, k: string) => `platform:${k}: unknown config key`);
}

/** Decodes a config value the way `pulumi.Config.getObject` does: JSON for objects, lists and scalars that parse. */
export function decodeConfigValue(value: string): unknown {
    const trimmed = value.trim();
    if (/^[[{]/.test(trimmed) || /^(true|false|null|-?[0-9]+(\.[0-9]+)?)$/.test(trimmed)) {
        try {
            return JSON.parse(trimmed);
        } catch {
            return value;
        }
    }
    return value;
}

/** Reads every `platform:*` key the engine handed to this program. */
export function readRawConfig(all: Readonly<Record<string, string>> = pulumi.runtime.allConfig()): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(all)) {
        const [ns, ...rest] = key.split(":");
        if (ns !== CONFIG_NAMESPACE) continue;
        const name = rest.join(":");
        values[name] = SECRET_KEYS.has(name) && name === "kubeconfig" ? value : decodeConfigValue(value);
    }
    return values;
}

/** Loads and validates the current stack's config (the engine names the stack and its organization). */
export function loadConfig(): PlatformConfig {
    const values = readRawConfig();
    // The SDK knows which keys the CLI handed over as secrets (not in its public typings).
    const { isConfigSecret } = runtimeConfig as unknown as { isConfigSecret(key: string): boolean };
    const secretKeys = new Set(Object.keys(values).filter((k) => isConfigSecret(`${CONFIG_NAMESPACE}:${k}`)));
    const otherKeys = Object.keys(pulumi.runtime.allConfig()).filter((k) => !k.startsWith(`${CONFIG_NAMESPACE}:`));
    return parsePlatformConfig(values, pulumi.getStack(), currentOrganization(), { secretKeys, otherKeys });
}

/**
 * Keys whose namespace is a misspelling of `platform` (`platfrom:apps`): the CLI hands any namespace to the
 * program, and this one's values would be silently ignored. Pure.
 */
export function namespaceTypos(keys: readonly string[]): string[] {
    return keys.filter((k) => {
        const ns = k.split(":")[0];
        return ns !== CONFIG_NAMESPACE && suggest(ns, [CONFIG_NAMESPACE]) === CONFIG_NAMESPACE;
    }).sort().map((k) => `${k}: unknown config namespace "${k.split(":")[0]}" (did you mean "${CONFIG_NAMESPACE}:${k.split(":").slice(1).join(":")}"?); its value would be ignored`);
}

/**
 * The keys that hold only secrets (platform:secrets, platform:kubeconfig) must come from
 * `pulumi config set --secret`: a plain value sits readable in the stack file and its history. Under the
 * CLI a key holding any `secure:` value counts as secret as a whole; the offline plan also checks each
 * value of the stack file (tools/plan/stackConfig.ts). Pure.
 */
export function plainSecretProblems(values: Readonly<Record<string, unknown>>, secretKeys: ReadonlySet<string>): string[] {
    return [...SECRET_KEYS].filter((k) => values[k] !== undefined && !secretKeys.has(k)).sort().map((k) =>
        `${CONFIG_NAMESPACE}:${k}: expected ${k === "secrets" ? "values" : "a value"} set with \`pulumi config set --secret${k === "secrets" ? " --path 'platform:secrets.<name>'" : ` platform:${k}`}\`, found plain text in the stack file (now readable in it and its history: rotate ${k === "secrets" ? "them" : "it"})`);
}

/**
 * Keys other than platform:secrets and platform:kubeconfig that hold a secret. The CLI makes a key with any
 * `secure:` value secret as a whole and hands the program its decrypted value: under `apps[].env` it would
 * land in a ConfigMap that viewers read, in the rendered manifests and the plan. Secrets belong under
 * platform:secrets, referenced by name (apps[].secretEnv). Pure.
 */
export function misplacedSecretProblems(secretKeys: ReadonlySet<string>): string[] {
    return [...secretKeys].filter((k) => !SECRET_KEYS.has(k)).sort().map((k) =>
        `${CONFIG_NAMESPACE}:${k}: expected no secret value here (only platform:secrets and platform:kubeconfig hold secrets: the whole key would be decrypted into ConfigMaps and manifests that viewers read), found a secure: value; set it with \`pulumi config set --secret --path 'platform:secrets.<name>'\` and reference <name> (apps[].secretEnv)`);
}

/** The organization the engine runs this stack in; undefined when it names none (mocks without one). */
function currentOrganization(): string | undefined {
    try {
        return pulumi.getOrganization();
    } catch {
        return undefined;
    }
}

/** A secret value from `platform:secrets`, as a secret Output. */
export function secretValue(name: string): pulumi.Output<string> {
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    return config.requireSecretObject<Record<string, string>>("secrets").apply((s) => {
        // Own keys only: a name such as `constructor` must not find Object.prototype's.
        const v = Object.hasOwn(s, name) ? s[name] : undefined;
        if (typeof v !== "string") throw new Error(`platform:secrets.${name}: expected a secret value, found nothing`);
        return v;
    });
}

/** The secret kubeconfig, as a secret Output. */
export function secretKubeconfig(): pulumi.Output<string> {
    return new pulumi.Config(CONFIG_NAMESPACE).requireSecret("kubeconfig");
}

export { configKeySchemas };
