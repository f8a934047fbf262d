// Runs rules the way the CrossGuard analyzer does: props behind unknownCheckingProxy, an
// UnknownValueError meaning "skipped", anything else a crash.
import * as assert from "assert";
import {
    PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy, UnknownValueError, unknownCheckingProxy,
} from "@pulumi/policy";

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const UNKNOWN = (require("@pulumi/policy/proxy") as { unknownStringValue: string }).unknownStringValue;

export type Props = Record<string, any>;
export interface Outcome { readonly messages: string[]; readonly skipped: boolean }

const OPTIONS = { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } };
const notApplicable = (): never => {
    throw new Error("notApplicable");
};

function clone<T>(v: T): T {
    return JSON.parse(JSON.stringify(v)) as T;
}

/** Runs a resource rule on one resource. */
export function runResource(rule: ResourceValidationPolicy, type: string, props: Props, config: object = {}, provider?: Props): Outcome {
    const messages: string[] = [];
    const proxied = unknownCheckingProxy(clone(props));
    const args: ResourceValidationArgs = {
        type, props: proxied, urn: `urn:pulumi:test::platform::${type}::r`, name: "r", opts: OPTIONS, stackTags: new Map(),
        isType: () => false, asType: () => undefined, getConfig: <T extends object>() => config as T, notApplicable,
        provider: provider ? { type: "pulumi:providers:aws", urn: "urn:p", name: "p", props: unknownCheckingProxy(provider) } : undefined,
    };
    const validations = Array.isArray(rule.validateResource) ? rule.validateResource : [rule.validateResource!];
    try {
        for (const v of validations) {
            void v(args, m => messages.push(m));
        }
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return { messages, skipped: true };
        }
        throw e;
    }
    return { messages, skipped: false };
}

/** A resource of a stack fixture; `deps` and `parent` name other fixtures by `name`. */
export interface StackItem { readonly type: string; readonly name: string; readonly props: Props; readonly deps?: string[]; readonly parent?: string }

export const urnOf = (item: { type: string; name: string }) => `urn:pulumi:test::platform::${item.type}::${item.name}`;

/** Runs a stack rule; returns messages prefixed with the reported resource name ("name: message"). */
export function runStack(rule: StackValidationPolicy, items: StackItem[], config: object = {}): Outcome {
    const resources: PolicyResource[] = items.map(i => {
        const props = unknownCheckingProxy(clone(i.props));
        return { type: i.type, name: i.name, urn: urnOf(i), props, opts: OPTIONS, dependencies: [], propertyDependencies: {}, isType: () => false, asType: () => undefined };
    });
    const byName = new Map(resources.map(r => [r.name, r]));
    items.forEach((i, k) => {
        resources[k].dependencies = (i.deps ?? []).map(d => byName.get(d)!);
        resources[k].parent = i.parent ? byName.get(i.parent) : undefined;
    });
    const messages: string[] = [];
    try {
        void rule.validateStack({ resources, stackTags: new Map(), getConfig: <T extends object>() => config as T, notApplicable },
            (m, urn) => messages.push(`${resources.find(r => r.urn === urn)?.name ?? "stack"}: ${m}`));
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return { messages, skipped: true };
        }
        throw e;
    }
    return { messages, skipped: false };
}

/** Every path to a node of the value (objects, arrays and leaves). */
export function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    const out: (string | number)[][] = [];
    if (Array.isArray(value)) {
        value.forEach((v, i) => out.push([...prefix, i], ...paths(v, [...prefix, i])));
    } else if (value !== null && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
            out.push([...prefix, k], ...paths(v, [...prefix, k]));
        }
    }
    return out;
}

/** A copy of `value` with the node at `path` replaced by the analyzer's unknown sentinel. */
export function withUnknownAt<T>(value: T, path: (string | number)[]): T {
    const copy = clone(value) as any;
    let node = copy;
    for (const key of path.slice(0, -1)) {
        node = node[key];
    }
    node[path[path.length - 1]] = UNKNOWN;
    return copy as T;
}

/** Asserts the rule neither crashes nor throws for every single unknown value in `props`. */
export function assertUnknownSafe(rule: ResourceValidationPolicy, type: string, props: Props): number {
    let variants = 0;
    for (const p of paths(props)) {
        variants++;
        assert.doesNotThrow(() => runResource(rule, type, withUnknownAt(props, p)), `unknown at ${p.join(".")}`);
    }
    return variants;
}

/** Same for a stack rule: each node of each resource's props, one at a time. */
export function assertStackUnknownSafe(rule: StackValidationPolicy, items: StackItem[], config: object = {}): number {
    let variants = 0;
    items.forEach((item, k) => {
        for (const p of paths(item.props)) {
            variants++;
            const changed = items.map((it, j) => (j === k ? { ...it, props: withUnknownAt(it.props, p) } : it));
            assert.doesNotThrow(() => runStack(rule, changed, config), `unknown at ${item.name}.${p.join(".")}`);
        }
    });
    return variants;
}

/** Deep copy of `base` with `patch` applied at a dotted path (undefined deletes). */
export function edit<T extends Props>(base: T, dotted: string, value: unknown): T {
    const copy = clone(base) as any;
    const keys = dotted.split(".");
    let node = copy;
    for (const key of keys.slice(0, -1)) {
        node[key] ??= {};
        node = node[key];
    }
    if (value === undefined) {
        delete node[keys[keys.length - 1]];
    } else {
        node[keys[keys.length - 1]] = value;
    }
    return copy as T;
}

/** A resource rule, the type it checks, a fixture it accepts, and edits each of which it must reject. */
export type ResourceCase = [ResourceValidationPolicy, string, Props, [string, unknown, RegExp][], object?];

/** Per rule: the secure fixture passes, each single edit yields exactly one matching violation, unknowns never crash. */
export function describeResourceCases(cases: readonly ResourceCase[]): void {
    for (const [rule, type, happy, violations] of cases) {
        describe(`${rule.name} on ${type}`, () => {
            it("passes the secure fixture", () => assert.deepStrictEqual(runResource(rule, type, happy).messages, []));
            for (const [field, value, expected] of violations) {
                it(`rejects ${field} = ${JSON.stringify(value)}`, () => {
                    const out = runResource(rule, type, edit(happy, field, value));
                    assert.strictEqual(out.messages.length, 1, out.messages.join("; "));
                    assert.match(out.messages[0], expected);
                });
            }
            it("never crashes on unknowns", () => assert.ok(assertUnknownSafe(rule, type, happy) >= 1));
        });
    }
}
