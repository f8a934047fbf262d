import { RunError } from "@pulumi/pulumi";
import type { z } from "zod";

/** The stack file the Pulumi CLI reads a stack's config from. */
export const stackFileName = (stack: string) => `Pulumi.${stack}.yaml`;

/**
 * Config that failed validation: every problem, one line each, naming key, expectation and finding, and
 * the file it came from (default: the stack's `Pulumi.<stack>.yaml`). A RunError, so that under the
 * Pulumi CLI the message reaches the user once, without a stack trace.
 */
export class ConfigError extends RunError {
    readonly file?: string;

    constructor(readonly problems: readonly string[], readonly stack?: string, file?: string) {
        const source = file ?? (stack === undefined ? undefined : stackFileName(stack));
        super(`invalid configuration${stack ? ` for stack "${stack}"` : ""}${source ? ` in ${source}` : ""} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` + problems.map((p) => `  - ${p}`).join("\n"));
        this.name = "ConfigError";
        this.file = source;
    }

    /** The same problems, read from another file (the plan's `--config-file`). */
    inFile(file: string): ConfigError {
        return new ConfigError(this.problems, this.stack, file);
    }
}

/** `["apps", 0, "replicas"]` → `platform:apps[0].replicas`. */
export function keyPath(namespace: string, path: readonly PropertyKey[]): string {
    let out = "";
    path.forEach((segment, i) => {
        if (typeof segment === "number") out += `[${segment}]`;
        else out += i === 0 ? String(segment) : `.${String(segment)}`;
    });
    return `${namespace}:${out}`;
}

/** A short, value-revealing description of what was found. Secret keys are never echoed. */
export function describeFound(input: unknown): string {
    if (input === undefined) return "nothing";
    if (input === null) return "null";
    if (Array.isArray(input)) return input.length === 0 ? "an empty list" : `a list of ${input.length}`;
    if (typeof input === "object") return "an object";
    if (typeof input === "string") return JSON.stringify(input.length > 60 ? `${input.slice(0, 57)}...` : input);
    return `${typeof input} ${String(input)}`;
}

function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diag = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const next = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
            diag = row[j];
            row[j] = next;
        }
    }
    return row[b.length];
}

/** The closest known key, when close enough to be a typo. */
export function suggest(key: string, known: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
    for (const k of known) {
        const d = editDistance(key.toLowerCase(), k.toLowerCase());
        if (d < bestDistance) [best, bestDistance] = [k, d];
    }
    return best;
}

type AnySchema = z.core.$ZodType;

/** The object keys a schema accepts at `path` (following arrays, defaults, optionals and unions by discriminator). */
export function knownKeysAt(schema: AnySchema, path: readonly PropertyKey[], input: unknown): string[] {
    let current: AnySchema | undefined = schema;
    let value: unknown = input;
    const unwrap = (s: AnySchema, v: unknown): AnySchema | undefined => {
        const def = s._zod.def as unknown as Record<string, unknown>;
        switch (def.type) {
            case "optional": case "default": case "nullable": case "prefault": case "catch": case "readonly":
                return unwrap(def.innerType as AnySchema, v);
            case "pipe":
                return unwrap(def.in as AnySchema, v);
            case "union": {
                const options = def.options as AnySchema[];
                const disc = def.discriminator as string | undefined;
                const tag = disc !== undefined && v !== null && typeof v === "object" ? (v as Record<string, unknown>)[disc] : undefined;
                for (const o of options) {
                    const u = unwrap(o, v);
                    const shape = u && ((u._zod.def as unknown as Record<string, unknown>).shape as Record<string, AnySchema> | undefined);
                    const lit = shape?.[disc ?? ""]?._zod.def as unknown as { values?: unknown[] } | undefined;
                    if (tag === undefined || lit?.values?.includes(tag)) return u;
                }
                return undefined;
            }
            default:
                return s;
        }
    };
    for (const segment of path) {
        current = current && unwrap(current, value);
        if (!current) return [];
        const def = current._zod.def as unknown as Record<string, unknown>;
        if (def.type === "object") current = (def.shape as Record<string, AnySchema>)[String(segment)];
        else if (def.type === "array") current = def.element as AnySchema;
        else if (def.type === "record") current = def.valueType as AnySchema;
        else return [];
        value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
    }
    current = current && unwrap(current, value);
    const def = current?._zod.def as unknown as Record<string, unknown> | undefined;
    return def?.type === "object" ? Object.keys(def.shape as object) : [];
}

/** One line per zod issue: `<key path>: expected <what>, found <what>`. */
export function formatIssue(namespace: string, issue: z.core.$ZodIssue & { input?: unknown }, root: AnySchema, rootInput: unknown): string[] {
    const where = keyPath(namespace, issue.path);
    const found = describeFound(issue.input);
    switch (issue.code) {
        case "unrecognized_keys": {
            const known = knownKeysAt(root, issue.path, rootInput);
            return issue.keys.map((k) => {
                const hint = suggest(k, known);
                return `${keyPath(namespace, [...issue.path, k])}: unknown key${hint ? ` (did you mean "${hint}"?)` : ""}; expected one of: ${known.join(", ")}`;
            });
        }
        case "invalid_type":
            return [`${where}: expected ${issue.expected === "object" ? "an object" : issue.expected === "array" ? "a list" : `a ${issue.expected}`}, found ${found}`];
        case "invalid_union": {
            const i = issue as unknown as { discriminator?: string; options?: unknown[]; input?: unknown };
            if (i.discriminator !== undefined) {
                const tag = i.input !== null && typeof i.input === "object" ? (i.input as Record<string, unknown>)[i.discriminator] : undefined;
                return [`${where}: expected one of ${(i.options ?? []).map((o) => JSON.stringify(o)).join(", ")}, found ${describeFound(tag)}`];
            }
            return [`${where}: expected ${issue.message.replace(/^Invalid input:?\s*/i, "") || "a valid value"}, found ${found}`];
        }
        case "invalid_value":
            return [`${where}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, found ${found}`];
        case "too_small":
        case "too_big": {
            const op = issue.code === "too_small" ? (issue.inclusive ? ">=" : ">") : issue.inclusive ? "<=" : "<";
            const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
            const what = issue.origin === "array" ? `a list with ${op} ${bound} items` : issue.origin === "string" ? `a string of ${op} ${bound} characters` : `a ${issue.origin} ${op} ${bound}`;
            // A bound's own message (zod's default starts "Too big"/"Too small") says why the bound exists.
            const why = /^Too (big|small)/.test(issue.message) ? "" : ` (${issue.message})`;
            return [`${where}: expected ${what}${why}, found ${found}`];
        }
        case "invalid_key": {
            // A record key (label key, variable name) that failed its own schema: its messages say why.
            const inner = (issue as unknown as { issues?: Array<{ message: string }> }).issues ?? [];
            const why = inner.map((i) => (i.message.startsWith("expected") ? i.message : `expected ${i.message}`)).join("; ");
            return [`${where}: ${why || "expected a valid key"}, found ${found}`];
        }
        case "invalid_format":
            return [`${where}: ${issue.message.startsWith("expected") ? issue.message : `expected a ${issue.format}`}, found ${found}`];
        default:
            return [`${where}: ${issue.message.startsWith("expected") ? issue.message : `expected ${issue.message}`}, found ${found}`];
    }
}
