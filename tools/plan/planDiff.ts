// What a plan changes against the previous one in out/<stack>/: resources added, changed (their inputs) and
// deleted, by URN, and a warning where a live Service or route would be deleted or recreated under a new URN:
// in-cluster callers of `<app>` break, and a route of the same name may collide with the old one. The offline
// plan's counts alone showed none of this (the real `pulumi preview` did). Pure.
import * as fs from "node:fs";
import * as path from "node:path";

/** What the diff reads of a planned resource. */
export interface DiffResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly inputs: unknown;
}

export interface PlanDiff {
    readonly added: readonly DiffResource[];
    readonly changed: readonly DiffResource[];
    readonly deleted: readonly DiffResource[];
    /** One line per live Service or route deleted, or recreated under another URN. */
    readonly warnings: readonly string[];
}

/** Kinds whose deletion breaks callers or traffic at once. */
const LIVE_TRAFFIC = /^kubernetes:(core\/v1:Service|gateway\.networking\.k8s\.io\/v[0-9a-z]+:(HTTP|GRPC|TLS|TCP|UDP)Route)$/;

function objectName(r: DiffResource): string | undefined {
    const inputs = r.inputs as { metadata?: { name?: unknown; namespace?: unknown } } | undefined;
    const name = inputs?.metadata?.name;
    return typeof name === "string" ? `${typeof inputs?.metadata?.namespace === "string" ? `${inputs.metadata.namespace}/` : ""}${name}` : undefined;
}

/** The previous plan's resources in `outDir`, or undefined when there is none (or it cannot be read). */
export function previousPlan(outDir: string): DiffResource[] | undefined {
    try {
        const plan = JSON.parse(fs.readFileSync(path.join(outDir, "plan.json"), "utf8")) as { resources?: DiffResource[] };
        return Array.isArray(plan.resources) ? plan.resources : undefined;
    } catch {
        return undefined;
    }
}

/** Compares two plans' resources by URN; inputs compare as the JSON plan.json holds. */
export function planDiff(previous: readonly DiffResource[], next: readonly DiffResource[]): PlanDiff {
    const before = new Map(previous.map((r) => [r.urn, r]));
    const after = new Map(next.map((r) => [r.urn, r]));
    const added = next.filter((r) => !before.has(r.urn));
    const deleted = previous.filter((r) => !after.has(r.urn));
    const changed = next.filter((r) => before.has(r.urn) && JSON.stringify(before.get(r.urn)!.inputs) !== JSON.stringify(r.inputs));
    const warnings = deleted.filter((r) => LIVE_TRAFFIC.test(r.type)).map((r) => {
        const object = objectName(r);
        const again = object === undefined ? undefined : added.find((a) => a.type === r.type && objectName(a) === object);
        const kind = r.type.split(":")[2];
        return again !== undefined
            ? `WARNING: ${kind} ${object} moves from ${r.urn} to ${again.urn}: the engine deletes and re-creates it (callers break meanwhile, and the delete may remove the new one) unless an alias maps the old URN`
            : `WARNING: ${kind} ${object ?? r.name} (${r.urn}) would be deleted: in-cluster callers and routed traffic to it break`;
    });
    return { added, changed, deleted, warnings };
}

/** The plan report's lines for a diff: counts, then each resource (at most `limit` per list), warnings first. */
export function formatPlanDiff(diff: PlanDiff | undefined, limit = 20): string[] {
    if (diff === undefined) return ["  no previous plan to compare with"];
    const { added, changed, deleted, warnings } = diff;
    if (added.length + changed.length + deleted.length === 0) return ["  against the previous plan: no change"];
    const list = (sign: string, items: readonly DiffResource[]) => [
        ...items.slice(0, limit).map((r) => `    ${sign} ${r.type} ${r.name}`),
        ...(items.length > limit ? [`    ${sign} ... and ${items.length - limit} more`] : []),
    ];
    return [
        `  against the previous plan: ${added.length} added, ${changed.length} changed, ${deleted.length} deleted`,
        ...warnings.map((w) => `  ${w}`),
        ...list("+", added), ...list("~", changed), ...list("-", deleted),
    ];
}
