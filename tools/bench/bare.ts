import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { kubernetesManifests, manifestYaml } from "../plan/manifests";
import { runPlan } from "../plan/run";
import { usePlanRuntime } from "../plan/runtime";
import { SECRET_PLACEHOLDER } from "../plan/stackConfig";

/** A resource as plan.json records it. */
export interface PlanEntry {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent: string | null;
    readonly inputs: Record<string, unknown>;
    readonly dependencies: readonly string[];
}

/** Plan inputs back to registrable inputs: "[secret]" becomes a secret again; everything else is passed as recorded. */
function revive(value: unknown): pulumi.Input<unknown> {
    if (value === SECRET_PLACEHOLDER) return pulumi.secret(SECRET_PLACEHOLDER);
    if (Array.isArray(value)) return value.map(revive);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
    return value;
}

/** A component with no code of its own: registers, then registers empty outputs. */
class BareComponent extends pulumi.ComponentResource {
    constructor(type: string, name: string, opts: pulumi.ComponentResourceOptions) {
        super(type, name, {}, opts);
        this.registerOutputs({});
    }
}

/** The SDK's resource classes are abstract; these add nothing. */
class BareCustomResource extends pulumi.CustomResource {}
class BareProvider extends pulumi.ProviderResource {}

/**
 * Registers every resource of a plan straight through the SDK, in the plan's order: the same types,
 * names, parents, inputs and dependencies, with `pulumi.CustomResource`, `pulumi.ProviderResource` and
 * `pulumi.ComponentResource` (empty subclasses: the SDK's classes are abstract), and none of our components, config or schema code.
 */
export function replay(resources: readonly PlanEntry[], outputs: Record<string, unknown>): () => Record<string, unknown> {
    return () => {
        const byUrn = new Map<string, pulumi.Resource>();
        // plan.json does not record which resources are components: ours are `platform:<module>:<Type>`,
        // and any non-provider resource that parents another is one too.
        const parents = new Set(resources.map((r) => r.parent));
        const providers = new Map<string, pulumi.ProviderResource>();
        for (const r of resources) {
            if (r.type === "pulumi:pulumi:Stack") continue;
            const parent = r.parent === null ? undefined : byUrn.get(r.parent);
            const dependsOn = r.dependencies.map((u) => byUrn.get(u)).filter((x): x is pulumi.Resource => x !== undefined);
            const opts = { ...(parent ? { parent } : {}), ...(dependsOn.length > 0 ? { dependsOn } : {}) };
            const inputs = revive(r.inputs) as pulumi.Inputs;
            let resource: pulumi.Resource;
            if (r.type.startsWith("pulumi:providers:")) {
                const pkg = r.type.slice("pulumi:providers:".length);
                const provider = new BareProvider(pkg, r.name, inputs, opts);
                providers.set(pkg, provider);
                resource = provider;
            } else if (r.type.startsWith("platform:") || parents.has(r.urn)) {
                resource = new BareComponent(r.type, r.name, opts);
            } else {
                const provider = providers.get(r.type.split(":")[0]);
                resource = new BareCustomResource(r.type, r.name, inputs, { ...opts, ...(provider ? { provider } : {}) });
            }
            byUrn.set(r.urn, resource);
        }
        return outputs;
    };
}

export interface BareArgs {
    /** Run with the SDK's defaults: leave the plan's in-process runtime settings (`usePlanRuntime`) off. */
    readonly sdkDefaults: boolean;
    /** Outputs of referenced stacks by name, as the plan was given them (`--stack-outputs <name>=<file>`). */
    readonly stackOutputs: Readonly<Record<string, string>>;
    readonly planFile: string;
    readonly outDir: string;
    /** Modules to require first (JSON list): the provider modules our program loads. */
    readonly entryPoints: readonly string[];
}

const BARE_USAGE = "usage: bare.js [--sdk-defaults] [--stack-outputs <name>=<file>]... <plan.json> <out dir> [<entry points JSON>]";

export function parseBareArgs(argv: readonly string[]): BareArgs {
    let sdkDefaults = false;
    const stackOutputs: Record<string, string> = {};
    const positional: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--sdk-defaults") sdkDefaults = true;
        else if (argv[i] === "--stack-outputs") {
            const [name, file] = (argv[++i] ?? "").split("=", 2);
            if (!name || !file) throw new Error(BARE_USAGE);
            stackOutputs[name] = file;
        } else positional.push(argv[i]);
    }
    const [planFile, outDir, entryPoints] = positional;
    if (planFile === undefined || outDir === undefined) throw new Error(BARE_USAGE);
    return { sdkDefaults, stackOutputs, planFile, outDir, entryPoints: JSON.parse(entryPoints ?? "[]") as string[] };
}

/** A referenced stack's outputs from a plan.json (its "outputs") or a plain outputs file, as the plan reads them. */
function readOutputs(file: string): Record<string, unknown> {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    return parsed.resources !== undefined && parsed.outputs !== undefined ? (parsed.outputs as Record<string, unknown>) : parsed;
}

/** `node [flags] dist/tools/bench/bare.js [options] <plan.json> <out dir> <entry points JSON>`: replays a plan and writes the same files the plan CLI writes. */
async function main(args: BareArgs): Promise<void> {
    if (!args.sdkDefaults) usePlanRuntime();
    // Load the provider modules our program loads, so the comparison is of registration work only.
    for (const m of args.entryPoints) require(m);
    const plan = JSON.parse(fs.readFileSync(args.planFile, "utf8")) as { stack: string; resources: PlanEntry[]; outputs: Record<string, unknown> };
    const stackOutputs = Object.fromEntries(Object.entries(args.stackOutputs).map(([name, file]) => [name, readOutputs(file)]));
    const result = await runPlan({ project: "platform", stack: plan.stack, config: {}, secretKeys: [], stackOutputs, program: replay(plan.resources, plan.outputs) });
    if (result.resources.length !== plan.resources.length) {
        throw new Error(`bare replay registered ${result.resources.length} resources, the plan has ${plan.resources.length}`);
    }
    fs.mkdirSync(path.join(args.outDir, "manifests"), { recursive: true });
    const resources = result.resources.map(({ urn, type, name, parent, inputs, dependencies }) => ({ urn, type, name, parent, inputs, dependencies }));
    fs.writeFileSync(path.join(args.outDir, "plan.json"), JSON.stringify({ stack: result.stack, resources, outputs: result.outputs }, null, 2) + "\n");
    for (const m of kubernetesManifests(result.resources)) fs.writeFileSync(path.join(args.outDir, "manifests", m.file), manifestYaml(m.object));
}

if (require.main === module) {
    // exitCode, not exit(): the process ends once pending writes are flushed, as the plan does.
    Promise.resolve()
        .then(() => main(parseBareArgs(process.argv.slice(2))))
        .catch((e: unknown) => {
            console.error(e instanceof Error ? e.stack : String(e));
            process.exitCode = 1;
        });
}
