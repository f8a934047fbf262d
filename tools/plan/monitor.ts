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
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

type Callback = (err: unknown, res?: unknown) => void;

/** The SDK's mock monitor, recording every registration with its parent, dependencies and raw inputs. */
export class RecordingMonitor extends MockMonitor {
    public readonly registered: PlannedResource[] = [];
    public readonly outputs = new Map<string, Record<string, unknown>>();

    constructor(mocks: pulumi.runtime.Mocks) {
        super(mocks);
    }

    override async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
        const parent = req.getParent() || null;
        const urn = (this as unknown as { newUrn(p: string, t: string, n: string): string }).newUrn(req.getParent(), req.getType(), req.getName());
        const deps = new Set(req.getDependenciesList());
        req.getPropertydependenciesMap().forEach((v) => v.getUrnsList().forEach((u) => deps.add(u)));
        this.registered.push({
            urn,
            type: req.getType(),
            name: req.getName(),
            parent,
            custom: req.getCustom(),
            provider: req.getProvider() || null,
            inputs: sanitize(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
            dependencies: [...deps].filter((d) => d !== "").sort(),
        });
        return (MockMonitor.prototype.registerResource as (r: unknown, c: Callback) => Promise<void>).call(this, req, callback);
    }

    /** Reads (StackReference, `.get`) are part of the graph too: record them with their properties. */
    override async readResource(req: RegisterRequest & { getId(): string; getProperties(): { toJavaScript(): Record<string, unknown> } | undefined; getDependenciesList(): string[] }, callback: Callback): Promise<void> {
        const urn = (this as unknown as { newUrn(p: string, t: string, n: string): string }).newUrn(req.getParent(), req.getType(), req.getName());
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
        this.outputs.set(req.getUrn(), sanitize(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>);
        (MockMonitor.prototype.registerResourceOutputs as (r: unknown, c: Callback) => void).call(this, req, callback);
    }
}
