import { RELEASE_ANNOTATION, VERDICT_ANNOTATION } from "../../gates/gate";
import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import { RecordingMonitor, type PlannedResource } from "./monitor";

export interface PlanInput {
    readonly project: string;
    readonly stack: string;
    /** Organization the stack lives in (`pulumi.getOrganization()`). Default "organization", the DIY backend's. */
    readonly organization?: string;
    /** Namespaced config as the CLI passes it. */
    readonly config: Record<string, string>;
    readonly secretKeys: readonly string[];
    /** Outputs of referenced stacks, by stack name (`org/project/stack` or the last segment). */
    readonly stackOutputs?: Readonly<Record<string, Record<string, unknown>>>;
    /** The program: returns the stack's outputs. */
    readonly program: () => Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;
}

export interface PlanResult {
    readonly stack: string;
    readonly resources: PlannedResource[];
    readonly outputs: Record<string, unknown>;
}

/**
 * Answers for the provider functions our components call (account and tenant identity), so the
 * resources built from them are planned. Any other function fails the plan: it is never silently skipped.
 */
export const OFFLINE_INVOKES: Readonly<Record<string, Record<string, unknown>>> = {
    "aws:index/getCallerIdentity:getCallerIdentity": { accountId: "000000000000", arn: "arn:aws:iam::000000000000:user/offline", userId: "OFFLINE", id: "000000000000" },
    "aws:index/getPartition:getPartition": { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" },
    "azure-native:authorization:getClientConfig": {
        clientId: "00000000-0000-0000-0000-000000000000",
        objectId: "00000000-0000-0000-0000-000000000000",
        subscriptionId: "00000000-0000-0000-0000-000000000000",
        tenantId: "00000000-0000-0000-0000-000000000000",
    },
    "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": { emailAddress: "service-000000000000@gs-project-accounts.iam.gserviceaccount.com", member: "serviceAccount:service-000000000000@gs-project-accounts.iam.gserviceaccount.com", project: "offline", id: "offline" },
};

/** Computed outputs the mocks give back, so Outputs that real providers fill in resolve offline. */
function mockState(type: string, name: string, inputs: Record<string, unknown>, stackOutputs: PlanInput["stackOutputs"], self: string): Record<string, unknown> {
    switch (type) {
        case "pulumi:pulumi:StackReference": {
            const ref = String(inputs.name ?? name);
            // The stack's own previous outputs (its histories): none, as on a first update, unless --stack-outputs gives them.
            const outputs = stackOutputs?.[ref] ?? stackOutputs?.[ref.split("/").pop() ?? ref] ?? (ref === self ? {} : undefined);
            if (outputs === undefined) {
                throw new Error(`stack reference "${ref}" has no outputs offline: pass --stack-outputs ${ref.split("/").pop()}=<plan.json or outputs.json>`);
            }
            return { ...inputs, outputs, secretOutputNames: [] };
        }
        case "kubernetes:batch/v1:Job":
            // The plan assumes every gate Job completes: the real provider waits for it and fails the update otherwise.
            return { ...inputs, status: { succeeded: 1, conditions: [{ type: "Complete", status: "True" }] } };
        case "random:index/randomPassword:RandomPassword":
        case "random:index/randomString:RandomString":
            return { ...inputs, result: pulumi.secret(`offline-${name}`) };
        default:
            return { ...computedIdentity(type, name), ...inputs };
    }
}

const ROUTE_TYPE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";

/**
 * A read of an HTTPRoute (`<namespace>/<name>`): the route as the plan registered it, with the verdict the
 * plan assumes its release gate records (every gate passes offline: a complete walk of the route's release).
 */
function readRoute(id: string, registered: readonly { type: string; inputs: Record<string, unknown> }[]): Record<string, unknown> {
    const [namespace, name] = id.split("/");
    const route = registered.find((r) => {
        const m = r.inputs.metadata as { name?: string; namespace?: string } | undefined;
        return r.type === ROUTE_TYPE && m?.name === name && m?.namespace === namespace;
    });
    if (route === undefined) throw new Error(`offline plan: no HTTPRoute ${id} was registered before it is read`);
    const metadata = route.inputs.metadata as { annotations?: Record<string, string> };
    const release = metadata.annotations?.[RELEASE_ANNOTATION];
    // The last release gate of this release decides: one that holds leaves the release held.
    const gates = registered.filter((r) => r.type === "kubernetes:batch/v1:Job" && gateEnv(r.inputs).GATE_RELEASE === release);
    const holds = gates.length > 0 && gateEnv(gates[gates.length - 1].inputs).GATE_HOLD === "true";
    const verdict = { release, outcome: holds ? "held" : "complete", message: "offline plan: every gate passes" };
    return { ...route.inputs, metadata: { ...metadata, annotations: { ...metadata.annotations, [VERDICT_ANNOTATION]: JSON.stringify(verdict) } } };
}

/** A registered Job's container env as a map. */
function gateEnv(inputs: Record<string, unknown>): Record<string, string> {
    const spec = inputs.spec as { template?: { spec?: { containers?: Array<{ env?: Array<{ name: string; value?: string }> }> } } } | undefined;
    return Object.fromEntries((spec?.template?.spec?.containers?.[0]?.env ?? []).map((e) => [e.name, e.value ?? ""]));
}

/**
 * Identifiers real providers compute (ARNs, Azure resource IDs, GCP self links), so that resources
 * wired to each other (a key's ARN on a database) keep those inputs in the plan.
 */
function computedIdentity(type: string, name: string): Record<string, unknown> {
    const [pkg, mod] = type.split(":");
    switch (pkg) {
        case "aws":
            return { arn: `arn:aws:${mod.split("/")[0]}:offline:000000000000:${name}`, id: name };
        case "azure-native":
            return { id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/offline/providers/${mod}/${name}`, name };
        case "gcp":
            return { id: `projects/offline/${mod.split("/")[0]}/${name}`, selfLink: `https://offline.googleapis.com/${mod}/${name}`, name };
        default:
            return {};
    }
}

/**
 * Runs a stack program in-process against the SDK's mock monitor and returns every registered
 * resource and the stack's outputs. Nothing touches a cloud, a cluster or the Pulumi service.
 */
export async function runPlan(input: PlanInput): Promise<PlanResult> {
    const failures: unknown[] = [];
    const organization = input.organization ?? "organization";
    await pulumi.runtime.setMocks({ newResource: () => ({ id: "", state: {} }), call: () => ({}) }, input.project, input.stack, false, organization);
    const monitor: RecordingMonitor = new RecordingMonitor({
        newResource: (args) => ({
            // A read (`.get`) carries the id it reads; a registration an empty import id.
            id: args.custom === false ? "" : args.id || `${args.name}-id`,
            state: args.id && args.type === ROUTE_TYPE ? readRoute(args.id, monitor.registered) : mockState(args.type, args.name, args.inputs as Record<string, unknown>, input.stackOutputs, `${organization}/${input.project}/${input.stack}`),
        }),
        call: (args) => {
            const answer = OFFLINE_INVOKES[args.token];
            if (answer !== undefined) return answer;
            const error = new Error(`offline plan cannot answer provider function ${args.token}: add an offline answer to OFFLINE_INVOKES in tools/plan/run.ts`);
            failures.push(error);
            throw error;
        },
    }, { stack: input.stack, project: input.project });
    settings.setMockOptions(monitor, input.project, input.stack, false, organization);
    pulumi.runtime.setAllConfig(input.config, [...input.secretKeys]);

    const onRejection = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
        await runInPulumiStack(async () => (await input.program()) ?? {});
        // Drain every pending registration so the record is complete (not in the public typings).
        await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    } finally {
        // Node reports a rejection nobody handled only once the microtask queue is empty: cross one macrotask
        // boundary so that a failure of the last serialization (a stack output, say) is counted by this run,
        // before anything is written, instead of crashing the process after out/<stack>/ was replaced; and so
        // that a failed run's own late rejections are not counted by the next run in the same process.
        await new Promise<void>((resolve) => setImmediate(resolve));
        process.off("unhandledRejection", onRejection);
    }
    if (monitor.errors.length > 0) throw monitor.errors[0];
    if (failures.length > 0) throw failures[0];
    const root = monitor.registered.find((r) => r.type === "pulumi:pulumi:Stack");
    const outputs = (root && monitor.outputs.get(root.urn)) ?? {};
    return { stack: input.stack, resources: monitor.registered, outputs };
}
