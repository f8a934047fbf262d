import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { ConfigError, stackFileName, suggest } from "../../stacks/errors";
import { yamlReadingProblems } from "./yamlAgreement";

/** Placeholder that stands in for every `secure:` value in an offline plan. */
export const SECRET_PLACEHOLDER = "[secret]";

export interface StackConfig {
    readonly project: string;
    /** Namespaced keys → values as the CLI hands them to a program (objects and lists JSON-encoded). */
    readonly config: Record<string, string>;
    /** Keys holding at least one secret. */
    readonly secretKeys: string[];
    /** The stack file read, as errors name it: `Pulumi.<stack>.yaml` or the `--config-file` path as given. */
    readonly file: string;
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

/** A YAML mapping read from `file`; every error names the file as `shown`. */
function readYaml(file: string, shown: string, options: { readonly stack?: string } = {}): Record<string, unknown> {
    // Merge keys (`<<`) are merged, as the Pulumi CLI does; values it reads another way are refused.
    const document = parseDocument(fs.readFileSync(file, "utf8"), { prettyErrors: true, merge: true });
    if (document.errors.length > 0) throw new Error(`${shown}: ${document.errors[0].message}`);
    const differences = yamlReadingProblems(document);
    if (differences.length > 0) throw new ConfigError(differences, options.stack, shown);
    let doc: unknown;
    try {
        doc = document.toJS();
    } catch (e) {
        throw new Error(`${shown}: ${(e as Error).message}`);
    }
    if (doc === null || doc === undefined) return {};
    if (typeof doc !== "object" || Array.isArray(doc)) throw new Error(`${shown}: expected a YAML mapping at the top level`);
    return doc as Record<string, unknown>;
}

/**
 * Why `stack` cannot name a stack, or undefined. The Pulumi CLI's rule (its message quoted), and not "." or
 * "..", which the CLI accepts but which are paths, not names, for `Pulumi.<stack>.yaml` and `out/<stack>/`.
 */
export function stackNameProblem(stack: string): string | undefined {
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) return "a stack name may only contain alphanumeric, hyphens, underscores, or periods";
    if (stack.length > 100) return "a stack name cannot exceed 100 characters";
    if (stack === "." || stack === "..") return "a stack name cannot be \".\" or \"..\" (the plan writes out/<stack>/)";
    return undefined;
}

/**
 * The key the Pulumi CLI reads a stack file's `rawKey` as (its `config.ParseKey`): `name` is the project's
 * `<project>:name`, `<namespace>:<name>` is itself, `<namespace>:config:<name>` is `<namespace>:<name>`,
 * anything else is refused with the CLI's message.
 */
export function configKey(rawKey: string, project: string): { readonly key: string } | { readonly problem: string } {
    const colons = rawKey.split(":").length - 1;
    if (colons === 0) return { key: `${project}:${rawKey}` };
    if (colons === 1) return { key: rawKey };
    const legacy = /^([^:]+):config:([^:]+)$/.exec(rawKey);
    if (legacy) return { key: `${legacy[1]}:${legacy[2]}` };
    return { problem: `could not parse ${rawKey} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)` };
}

/**
 * Reads Pulumi.yaml and a stack's config file and returns the config the way the Pulumi CLI passes it
 * to a program: project-declared defaults first, then the stack's values; keys read as `configKey` reads
 * them; objects and lists are JSON; `secure:` values become secret placeholders. Every problem of the stack
 * file is reported at once, naming the file; a key given twice (say `tags` and `platform:tags`, which the CLI
 * silently resolves to the last) is refused.
 */
export function loadStackConfig(projectDir: string, stack: string, configFile?: string): StackConfig {
    const badName = stackNameProblem(stack);
    if (badName !== undefined) throw new Error(`stack ${JSON.stringify(stack)}: ${badName}`);
    const projectFile = readYaml(path.join(projectDir, "Pulumi.yaml"), "Pulumi.yaml");
    const project = projectFile.name;
    if (typeof project !== "string") throw new Error("Pulumi.yaml: expected a project \"name\"");
    const file = configFile ?? path.join(projectDir, stackFileName(stack));
    const shown = configFile ?? stackFileName(stack);
    if (!fs.existsSync(file)) {
        throw new Error(`no config for stack "${stack}": ${shown} does not exist; the stacks of this project are ${listStacks(projectDir).join(", ") || "none"} (or pass --config-file <path>)`);
    }
    const stackFile = readYaml(file, shown, { stack });
    const config: Record<string, string> = {};
    const secretKeys = new Set<string>();
    const put = (key: string, value: unknown) => {
        const found = { secret: false };
        const masked = maskSecure(value, found);
        config[key] = typeof masked === "string" ? masked : JSON.stringify(masked);
        if (found.secret) secretKeys.add(key);
        else secretKeys.delete(key);
    };
    const declared = (projectFile.config ?? {}) as Record<string, unknown>;
    for (const [key, decl] of Object.entries(declared)) {
        const d = decl as { default?: unknown; value?: unknown } | null;
        const value = d?.default ?? d?.value;
        if (value !== undefined) put(key.includes(":") ? key : `${project}:${key}`, value);
    }
    const values = stackFile.config ?? {};
    if (typeof values !== "object" || Array.isArray(values)) throw new Error(`${shown}: expected "config" to be a mapping`);
    // The CLI refuses a stack that leaves a declared key unset, before it starts the program.
    const problems: string[] = [...projectConfigProblems(project, stack, declared, values as Record<string, unknown>), ...plainSecretLeaves(project, values as Record<string, unknown>)];
    const spelledAs = new Map<string, string>();
    for (const [rawKey, value] of Object.entries(values as Record<string, unknown>)) {
        const parsed = configKey(rawKey, project);
        if ("problem" in parsed) {
            problems.push(`${rawKey}: ${parsed.problem}`);
            continue;
        }
        const first = spelledAs.get(parsed.key);
        if (first !== undefined) {
            problems.push(`${parsed.key}: set twice, as "${first}" and "${rawKey}" (the Pulumi CLI silently keeps the last one); keep one`);
        }
        spelledAs.set(parsed.key, rawKey);
        put(parsed.key, value);
    }
    if (problems.length > 0) throw new ConfigError(problems, stack, shown);
    return { project, config, secretKeys: [...secretKeys].sort(), file: shown };
}

/** Keys of this project that hold only secrets: every value under them must be `secure:` in the stack file. */
const SECRET_ONLY_KEYS = ["secrets", "kubeconfig"];

/**
 * Every plain value in the stack file under a key that holds only secrets (platform:secrets.<name>,
 * platform:kubeconfig), each named: the CLI counts a key with any `secure:` value as secret as a whole, so
 * only the file shows a plain one mixed in. Pure.
 */
export function plainSecretLeaves(project: string, values: Readonly<Record<string, unknown>>): string[] {
    const out: string[] = [];
    for (const [rawKey, value] of Object.entries(values)) {
        const key = namespaced(project, rawKey);
        const name = key.slice(project.length + 1);
        if (!key.startsWith(`${project}:`) || !SECRET_ONLY_KEYS.includes(name)) continue;
        const how = name === "secrets" ? `pulumi config set --secret --path '${project}:secrets.<name>'` : `pulumi config set --secret ${key}`;
        const leaves: Array<[string, unknown]> = name === "secrets" && value !== null && typeof value === "object" && !isSecure(value) ? Object.entries(value) : [["", value]];
        for (const [leaf, v] of leaves) {
            if (!isSecure(v)) out.push(`${key}${leaf ? `.${leaf}` : ""}: expected a value set with \`${how}\`, found plain text in the stack file (now readable in it and its history: rotate it)`);
        }
    }
    return out;
}

/** A key as the CLI reads it (`configKey`); one it cannot parse stays as written (reported elsewhere). */
function namespaced(project: string, key: string): string {
    const parsed = configKey(key, project);
    return "key" in parsed ? parsed.key : key;
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
        // The CLI's sentence, then what the file sets instead: a misspelt required key is the usual cause.
        const declaredKeys = new Set(Object.keys(declared).map((k) => namespaced(project, k)));
        const setInstead = [...set.keys()].filter((k) => k.startsWith(`${project}:`) && !declaredKeys.has(k));
        const hints = missing.flatMap((k) => {
            const near = setInstead.find((s) => suggest(s.slice(project.length + 1), [k]) === k);
            return near === undefined ? [] : [`the file sets '${near}': did you mean '${project}:${k}'?`];
        });
        problems.unshift(`Stack '${stack}' is missing configuration value${missing.length === 1 ? "" : "s"} ${list}${hints.length > 0 ? ` (${hints.join("; ")})` : ""}`);
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
