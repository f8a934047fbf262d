import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { kubectl } from "../../../tools/cluster/cluster";
import { E2EProject, layout, setSecrets, type RunResult } from "../../e2e/support/project";
import { repoRoot } from "../../support/plan";

type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A cluster fixture under test/cluster/fixtures/. */
export function clusterFixture(name: string): string {
    return fs.readFileSync(path.join(repoRoot, "test", "cluster", "fixtures", name), "utf8");
}

/** Reads an object (or a list) from the local API server as JSON; undefined when it does not exist. */
export function getObject(args: readonly string[]): Values | undefined {
    const r = kubectl(layout, ["get", ...args, "-o", "json"], { allowFailure: true });
    if (r.code !== 0) {
        if (/NotFound|not found/.test(r.output)) return undefined;
        throw new Error(`kubectl get ${args.join(" ")}: ${r.output}`);
    }
    return JSON.parse(r.output) as Values;
}

/** One engine event of `pulumi up --event-log`: its sequence number and what happened to which resource. */
export interface EngineEvent {
    readonly sequence: number;
    readonly kind: "pre" | "outputs" | "failed";
    readonly urn: string;
    readonly op: string;
}

/**
 * A stack of this project on the local backend, deployed to the local cluster: a throwaway project copy
 * (E2EProject) whose stack has the cluster's kubeconfig and the given secrets as secret config.
 */
export class ClusterStack {
    readonly project: E2EProject;

    constructor(label: string, readonly stack: string, fixtureText: string, secrets: Readonly<Record<string, string>>, project?: E2EProject, existing = false) {
        if (!fs.existsSync(layout.kubeconfig)) throw new Error(`no cluster: ${layout.kubeconfig} is missing (the cluster suite's global fixture starts one)`);
        this.project = project ?? E2EProject.create(label, {});
        if (existing) return;
        this.project.writeStackFile(stack, fixtureText);
        this.project.initStack(stack);
        this.project.pulumi(["config", "set", "--secret", "platform:kubeconfig", "--stack", stack], { input: fs.readFileSync(layout.kubeconfig, "utf8") });
        setSecrets(this.project, stack, secrets);
    }

    /** Another stack in the same project and backend (a StackReference between them is real); `existing`: one added before. */
    addStack(stack: string, fixtureText: string, secrets: Readonly<Record<string, string>>, options: { readonly existing?: boolean } = {}): ClusterStack {
        return new ClusterStack("", stack, fixtureText, secrets, this.project, options.existing ?? false);
    }

    pulumi(args: readonly string[], options: Parameters<E2EProject["pulumi"]>[1] = {}): RunResult {
        return this.project.pulumi([...args, "--stack", this.stack], options);
    }

    /**
     * `pulumi up --json`, which streams the engine's events; returns the run, the resource events in order and
     * the text of every diagnostic (errors and warnings as the CLI would print them).
     */
    up(options: { expectFailure?: boolean; env?: NodeJS.ProcessEnv; refresh?: boolean } = {}): { run: RunResult; events: EngineEvent[]; messages: string } {
        const run = this.pulumi(["up", "--yes", "--skip-preview", "--json", ...(options.refresh ? ["--refresh"] : [])], { ...options, anyExit: true, timeoutMs: 600_000 });
        const { events, messages } = parseEvents(run.stdout);
        // The event stream's last lines are the outputs: an unexpected exit reports the diagnostics instead.
        if ((run.code !== 0) !== (options.expectFailure ?? false)) throw new Error(`pulumi up exited ${run.code}${options.expectFailure ? " (a failure was expected)" : ""}:\n${messages.slice(-6000)}\n${run.stderr.slice(-2000)}`);
        return { run, events, messages };
    }

    /** Edits the stack file's platform:* values (secure values and the salt are kept as they are). */
    edit(fn: (values: Values) => void): void {
        const file = this.project.stackFile(this.stack);
        const doc = parse(fs.readFileSync(file, "utf8")) as { config: Values };
        const values: Values = {};
        for (const [k, v] of Object.entries(doc.config)) if (k.startsWith("platform:")) values[k.slice("platform:".length)] = v;
        fn(values);
        for (const [k, v] of Object.entries(values)) doc.config[`platform:${k}`] = v;
        fs.writeFileSync(file, stringify(doc));
    }

    remove(): void {
        this.project.remove();
    }
}

/** The resource events (in sequence order) and the diagnostics of `pulumi up --json`'s event stream. */
export function parseEvents(stream: string): { events: EngineEvent[]; messages: string } {
    const out: EngineEvent[] = [];
    const messages: string[] = [];
    for (const line of stream.split("\n")) {
        if (!line.startsWith("{")) continue;
        const e = JSON.parse(line) as {
            sequence: number;
            resourcePreEvent?: { metadata: { urn: string; op: string } };
            resOutputsEvent?: { metadata: { urn: string; op: string } };
            resOpFailedEvent?: { metadata: { urn: string; op: string } };
            diagnosticEvent?: { urn?: string; prefix?: string; message: string; severity: string };
        };
        const d = e.diagnosticEvent;
        if (d !== undefined && d.severity !== "debug") messages.push(`${d.urn ? `${d.urn.split("::").slice(2).join("::")}: ` : ""}${d.prefix ?? ""}${d.message}`);
        const pick = (kind: EngineEvent["kind"], m?: { urn: string; op: string }) => m && out.push({ sequence: e.sequence, kind, urn: m.urn, op: m.op });
        pick("pre", e.resourcePreEvent?.metadata);
        pick("outputs", e.resOutputsEvent?.metadata);
        pick("failed", e.resOpFailedEvent?.metadata);
    }
    return { events: out.sort((a, b) => a.sequence - b.sequence), messages: messages.join("") };
}

/** The first event of `kind` for a resource whose URN ends with `::<name>` and has `type`, with an op other than "same". */
export function eventOf(events: readonly EngineEvent[], kind: EngineEvent["kind"], type: string, name: string): EngineEvent | undefined {
    return events.find((e) => e.kind === kind && e.op !== "same" && e.urn.endsWith(`::${name}`) && e.urn.split("::")[2].endsWith(type));
}
