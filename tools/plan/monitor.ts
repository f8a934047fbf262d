import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { SECRET_PLACEHOLDER } from "./stackConfig";

/** A resource as the engine saw it registered. */
export interface PlannedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent: string | null;
    readonly custom: boolean;
    readonly provider: string | null;
    readonly inputs: Record<string, unknown>;
    readonly dependencies: string[];
    /** Properties whose changes the engine ignores on update (`ignoreChanges`); omitted when none. */
    readonly ignoreChanges?: string[];
}

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const UNKNOWN_PLACEHOLDER = "[unknown]";

/** Turns the wire form of properties into plain JSON: secrets masked, unknowns marked, references by URN. */
export function sanitize(value: unknown): unknown {
    if (value === UNKNOWN) return UNKNOWN_PLACEHOLDER;
    if (Array.isArray(value)) return value.map(sanitize);
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SIG_KEY] === SECRET_SIG) return SECRET_PLACEHOLDER;
        if (obj[SIG_KEY] === RESOURCE_SIG) return { urn: obj.urn };
        return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, sanitize(obj[k])]));
    }
    return value;
}

interface RegisterRequest {
    getType(): string;
    getVersion?(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getDependenciesList(): string[];
    getIgnorechangesList?(): string[];
    getPropertydependenciesMap(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

type Callback = (err: unknown, res?: unknown) => void;

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

function ignored(req: RegisterRequest): { ignoreChanges?: string[] } {
    const list = req.getIgnorechangesList?.() ?? [];
    return list.length > 0 ? { ignoreChanges: [...list].sort() } : {};
}

/** The engine records a provider's plugin version among its inputs (from the SDK package that registered it). */
function providerInputs(req: RegisterRequest, inputs: Record<string, unknown>): Record<string, unknown> {
    const version = req.getVersion?.() ?? "";
    if (!req.getType().startsWith("pulumi:providers:") || version === "" || "version" in inputs) return inputs;
    return Object.fromEntries(Object.entries({ ...inputs, version }).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * A resource's URN as the engine forms it: the parent's full qualified type chain (`A$B$type`), except
 * that children of the root stack carry no prefix. The SDK's MockMonitor keeps only the parent's last
 * type segment and prefixes the root stack's type, so its URNs differ from every real deployment's.
 */
export function engineUrn(stack: string, project: string, parent: string, type: string, name: string): string {
    const parentType = parent ? parent.split("::")[2] : "";
    const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The SDK's mock monitor, recording every registration with its parent, dependencies and raw inputs. */
export class RecordingMonitor extends MockMonitor {
    public readonly registered: PlannedResource[] = [];
    /** The root stack's outputs, by its URN (components register outputs too; the plan records only the stack's). */
    public readonly outputs = new Map<string, Record<string, unknown>>();
    /** Registrations the engine would refuse (it fails the whole update on any of them). */
    public readonly errors: Error[] = [];
    private readonly seen = new Set<string>();

    constructor(mocks: pulumi.runtime.Mocks, private readonly identity: { readonly stack: string; readonly project: string }) {
        super(mocks);
        // MockMonitor forms every URN it hands back to the program with its (private) newUrn: replace it.
        (this as unknown as { newUrn: (p: string, t: string, n: string) => string }).newUrn = (p, t, n) => this.urnOf(p, t, n);
    }

    private urnOf(parent: string, type: string, name: string): string {
        return engineUrn(this.identity.stack, this.identity.project, parent, type, name);
    }

    /**
     * The URN of a registration or read, or undefined after failing it: the engine refuses a second
     * resource with one URN, and so does the plan.
     */
    private claim(req: RegisterRequest, callback: Callback): string | undefined {
        const urn = this.urnOf(req.getParent(), req.getType(), req.getName());
        if (this.seen.has(urn)) {
            const error = new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
            this.errors.push(error);
            callback(error);
            return undefined;
        }
        this.seen.add(urn);
        return urn;
    }

    override async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
        const parent = req.getParent() || null;
        const urn = this.claim(req, callback);
        if (urn === undefined) return;
        const deps = new Set(req.getDependenciesList());
        req.getPropertydependenciesMap().forEach((v) => v.getUrnsList().forEach((u) => deps.add(u)));
        this.registered.push({
            urn,
            type: req.getType(),
            name: req.getName(),
            parent,
            custom: req.getCustom(),
            provider: req.getProvider() || null,
            inputs: providerInputs(req, sanitize(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>),
            dependencies: [...deps].filter((d) => d !== "").sort(),
            ...ignored(req),
        });
        return (MockMonitor.prototype.registerResource as (r: unknown, c: Callback) => Promise<void>).call(this, req, callback);
    }

    /** Reads (StackReference, `.get`) are part of the graph too: record them with their properties. */
    override async readResource(req: RegisterRequest & { getId(): string; getProperties(): { toJavaScript(): Record<string, unknown> } | undefined; getDependenciesList(): string[] }, callback: Callback): Promise<void> {
        const urn = this.claim(req, callback);
        if (urn === undefined) return;
        this.registered.push({
            urn,
            type: req.getType(),
            name: req.getName(),
            parent: req.getParent() || null,
            custom: true,
            provider: req.getProvider() || null,
            inputs: sanitize(req.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
            dependencies: [...new Set(req.getDependenciesList())].filter((d) => d !== "").sort(),
        });
        return (MockMonitor.prototype.readResource as (r: unknown, c: Callback) => Promise<void>).call(this, req, callback);
    }

    override registerResourceOutputs(req: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined }, callback: Callback): void {
        // Converting every component's outputs (resource references, nested Outputs) was a tenth of the registration
        // work at N=200, for values nothing reads: only the stack's become plan.json's outputs.
        if (req.getUrn().split("::")[2] === ROOT_STACK_TYPE) this.outputs.set(req.getUrn(), sanitize(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>);
        (MockMonitor.prototype.registerResourceOutputs as (r: unknown, c: Callback) => void).call(this, req, callback);
    }
}
