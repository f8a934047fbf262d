import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { kubernetesManifests, manifestYaml } from "../plan/manifests";
import { runPlan } from "../plan/run";
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

/** `node --require tsx/cjs tools/bench/bare.ts <plan.json> <out dir> <entry points JSON>`: replays a plan and writes the same files the plan CLI writes. */
async function main(argv: readonly string[]): Promise<void> {
    const [planFile, outDir, entryPoints] = argv;
    // Load the provider modules our program loads, so the comparison is of registration work only.
    for (const m of JSON.parse(entryPoints ?? "[]") as string[]) require(m);
    const plan = JSON.parse(fs.readFileSync(planFile, "utf8")) as { stack: string; resources: PlanEntry[]; outputs: Record<string, unknown> };
    const result = await runPlan({ project: "platform", stack: plan.stack, config: {}, secretKeys: [], program: replay(plan.resources, plan.outputs) });
    if (result.resources.length !== plan.resources.length) {
        throw new Error(`bare replay registered ${result.resources.length} resources, the plan has ${plan.resources.length}`);
    }
    fs.mkdirSync(path.join(outDir, "manifests"), { recursive: true });
    const resources = result.resources.map(({ urn, type, name, parent, inputs, dependencies }) => ({ urn, type, name, parent, inputs, dependencies }));
    fs.writeFileSync(path.join(outDir, "plan.json"), JSON.stringify({ stack: result.stack, resources, outputs: result.outputs }, null, 2) + "\n");
    for (const m of kubernetesManifests(result.resources)) fs.writeFileSync(path.join(outDir, "manifests", m.file), manifestYaml(m.object));
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        () => process.exit(0),
        (e: unknown) => {
            console.error(e instanceof Error ? e.stack : String(e));
            process.exit(1);
        },
    );
}
