import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** Placeholder that stands in for every `secure:` value in an offline plan. */
export const SECRET_PLACEHOLDER = "[secret]";

export interface StackConfig {
    readonly project: string;
    /** Namespaced keys → values as the CLI hands them to a program (objects and lists JSON-encoded). */
    readonly config: Record<string, string>;
    /** Keys holding at least one secret. */
    readonly secretKeys: string[];
}

function isSecure(value: unknown): boolean {
    return value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value;
}

/** Replaces every `{ secure: ... }` leaf with the placeholder, noting whether any was found. */
function maskSecure(value: unknown, found: { secret: boolean }): unknown {
    if (isSecure(value)) {
        found.secret = true;
        return SECRET_PLACEHOLDER;
    }
    if (Array.isArray(value)) return value.map((v) => maskSecure(v, found));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecure(v, found)]));
    }
    return value;
}

function readYaml(file: string): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new Error(`cannot read ${file}: ${(e as Error).message}`);
    }
    const doc = parse(text, { prettyErrors: true }) as unknown;
    if (doc === null || doc === undefined) return {};
    if (typeof doc !== "object" || Array.isArray(doc)) throw new Error(`${file}: expected a YAML mapping at the top level`);
    return doc as Record<string, unknown>;
}

/**
 * Reads Pulumi.yaml and a stack's config file and returns the config the way the Pulumi CLI passes it
 * to a program: project-declared defaults first, then the stack's values; keys without a namespace
 * belong to the project; objects and lists are JSON; `secure:` values become secret placeholders.
 */
export function loadStackConfig(projectDir: string, stack: string, configFile?: string): StackConfig {
    const projectFile = readYaml(path.join(projectDir, "Pulumi.yaml"));
    const project = projectFile.name;
    if (typeof project !== "string") throw new Error(`${path.join(projectDir, "Pulumi.yaml")}: expected a project "name"`);
    const file = configFile ?? path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) throw new Error(`no config for stack "${stack}": ${file} does not exist`);
    const stackFile = readYaml(file);
    const config: Record<string, string> = {};
    const secretKeys = new Set<string>();
    const put = (rawKey: string, value: unknown) => {
        const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
        const found = { secret: false };
        const masked = maskSecure(value, found);
        config[key] = typeof masked === "string" ? masked : JSON.stringify(masked);
        if (found.secret) secretKeys.add(key);
        else secretKeys.delete(key);
    };
    const declared = (projectFile.config ?? {}) as Record<string, unknown>;
    const values = stackFile.config ?? {};
    if (typeof values !== "object" || Array.isArray(values)) throw new Error(`${file}: expected "config" to be a mapping`);
    const problems = projectConfigProblems(project, stack, declared, values as Record<string, unknown>);
    if (problems.length > 0) throw new Error(`${file}: ${problems.join("; ")}`);
    for (const [key, decl] of Object.entries(declared)) {
        const d = decl as { default?: unknown; value?: unknown } | null;
        if (d?.default !== undefined) put(key, d.default);
        else if (d?.value !== undefined) put(key, d.value);
    }
    for (const [key, value] of Object.entries(values as Record<string, unknown>)) put(key, value);
    return { project, config, secretKeys: [...secretKeys].sort() };
}

function namespaced(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/**
 * The checks the Pulumi CLI makes of a stack's config against Pulumi.yaml's `config:` declarations
 * before it starts the program, with its wording: a declared key of the project's namespace with
 * neither a value in the stack nor a `default`/`value` is missing; a key declared `secret: true` must be
 * a `secure:` value in the stack. Pure.
 */
export function projectConfigProblems(project: string, stack: string, declared: Readonly<Record<string, unknown>>, values: Readonly<Record<string, unknown>>): string[] {
    const set = new Map(Object.entries(values).map(([k, v]) => [namespaced(project, k), v]));
    const missing: string[] = [];
    const problems: string[] = [];
    for (const key of Object.keys(declared).sort()) {
        const decl = (declared[key] ?? {}) as { default?: unknown; value?: unknown; secret?: boolean };
        const full = namespaced(project, key);
        const has = set.has(full);
        if (!has && decl.default === undefined && decl.value === undefined && full.startsWith(`${project}:`)) missing.push(key);
        if (has && decl.secret === true && !isSecure(set.get(full))) problems.push(`Stack '${stack}' with configuration key '${key}' must be encrypted as it's secret`);
    }
    if (missing.length > 0) {
        const quoted = missing.map((k) => `'${k}'`);
        const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
        problems.unshift(`Stack '${stack}' is missing configuration value${missing.length === 1 ? "" : "s"} ${list}`);
    }
    return problems;
}

/** Every stack that has a Pulumi.<stack>.yaml next to Pulumi.yaml, sorted. */
export function listStacks(projectDir: string): string[] {
    return fs
        .readdirSync(projectDir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}
