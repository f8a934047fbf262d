import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import type { PlanRecord } from "./project";

/** The engine's marker for a value not known until the update (preview JSON); the plan writes "[unknown]". */
const ENGINE_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface PreviewStep {
    readonly op: string;
    readonly urn: string;
    readonly newState?: { type: string; parent?: string; inputs?: Record<string, unknown>; dependencies?: string[] };
}

/** One resource as both sides describe it, in a form the two can be compared in. */
export interface ComparableResource {
    readonly urn: string;
    readonly type: string;
    readonly parent: string | null;
    readonly dependencies: string[];
    readonly inputs: unknown;
}

/**
 * Inputs as the engine stores them and as the plan records them, without what only one side has: the
 * engine's bookkeeping (`__internal` on providers), the folder the project was checked out in, and the
 * spelling of unknowns.
 */
export function normalizeInputs(value: unknown, projectDirs: readonly string[]): unknown {
    if (value === ENGINE_UNKNOWN) return "[unknown]";
    if (typeof value === "string") return projectDirs.reduce((s, dir) => s.split(dir).join("<project>"), value);
    if (Array.isArray(value)) return value.map((v) => normalizeInputs(v, projectDirs));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "__internal").sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, normalizeInputs(v, projectDirs)]));
    }
    return value;
}

export function fromPreview(steps: readonly PreviewStep[], projectDirs: readonly string[]): ComparableResource[] {
    return steps.filter((s) => s.newState !== undefined).map((s) => ({
        urn: s.urn,
        type: s.newState!.type,
        parent: s.newState!.parent ?? null,
        dependencies: [...(s.newState!.dependencies ?? [])].sort(),
        inputs: normalizeInputs(s.newState!.inputs ?? {}, projectDirs),
    }));
}

export function fromPlan(resources: readonly PlanRecord[], projectDirs: readonly string[]): ComparableResource[] {
    return resources.map((r) => ({ urn: r.urn, type: r.type, parent: r.parent, dependencies: [...r.dependencies].sort(), inputs: normalizeInputs(r.inputs, projectDirs) }));
}

/** Every difference between the two sides, one line each, naming the resource and the field. */
export function differences(plan: readonly ComparableResource[], preview: readonly ComparableResource[]): string[] {
    const out: string[] = [];
    const byUrn = new Map(preview.map((r) => [r.urn, r]));
    const planned = new Set(plan.map((r) => r.urn));
    for (const r of preview) if (!planned.has(r.urn)) out.push(`only in the real preview: ${r.urn}`);
    for (const p of plan) {
        const r = byUrn.get(p.urn);
        if (r === undefined) {
            out.push(`only in the offline plan: ${p.urn}`);
            continue;
        }
        if (p.type !== r.type) out.push(`${p.urn}: type ${p.type} (plan) vs ${r.type} (preview)`);
        if (p.parent !== r.parent) out.push(`${p.urn}: parent ${p.parent} (plan) vs ${r.parent} (preview)`);
        if (JSON.stringify(p.dependencies) !== JSON.stringify(r.dependencies)) out.push(`${p.urn}: dependencies ${JSON.stringify(p.dependencies)} (plan) vs ${JSON.stringify(r.dependencies)} (preview)`);
        diffValues(p.inputs, r.inputs, `${p.urn}: inputs`, out);
    }
    return out;
}

function diffValues(a: unknown, b: unknown, at: string, out: string[]): void {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    const isObject = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
    if (isObject(a) && isObject(b)) {
        const ao = a as Record<string, unknown>;
        const bo = b as Record<string, unknown>;
        for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) diffValues(ao[k], bo[k], `${at}.${k}`, out);
        return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
        a.forEach((v, i) => diffValues(v, b[i], `${at}[${i}]`, out));
        return;
    }
    out.push(`${at}: ${JSON.stringify(a)} (plan) vs ${JSON.stringify(b)} (preview)`);
}

/** Every Kubernetes object in the YAML files under `dir`, keyed `apiVersion kind namespace/name`. */
export function objectsIn(dir: string): Map<string, unknown> {
    const objects = new Map<string, unknown>();
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const p = path.join(d, e.name);
            if (e.isDirectory()) walk(p);
            else if (/\.ya?ml$/.test(e.name)) {
                for (const doc of parseAllDocuments(fs.readFileSync(p, "utf8"))) {
                    const o = doc.toJS() as { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } | null;
                    if (o === null) continue;
                    objects.set(`${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`, o);
                }
            }
        }
    };
    walk(dir);
    return objects;
}
