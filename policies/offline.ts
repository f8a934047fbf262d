// Offline evaluation: runs the pack's rules over planned resources (out/<stack>/plan.json) the way
// the CrossGuard analyzer runs them during `pulumi preview`: props behind `unknownCheckingProxy` where a
// resource holds an unknown value, per-policy config from the environment's JSON over each rule's configSchema defaults,
// enforcement levels honoured, and an unknown value skipping the rule for that resource.
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import * as fs from "fs";
import * as path from "path";
import {
    EnforcementLevel, Policies, PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy,
    Severity, StackValidationPolicy, UnknownValueError, unknownCheckingProxy,
} from "@pulumi/policy";
import { configWithDefaults } from "./lib/config";
import { policies as packPolicies } from "./rules";

// The analyzer's sentinels for unknown values; not in @pulumi/policy's public typings.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sentinels = require("@pulumi/policy/proxy") as Record<`unknown${"Boolean" | "Number" | "String" | "Array" | "Asset" | "Archive" | "Object"}Value`, string>;
const { unknownStringValue } = sentinels;
/** Values that make a prop unknown to a rule: the plan's marker and every sentinel the analyzer's proxy checks for. */
const UNKNOWN_VALUES = new Set<unknown>(["[unknown]", sentinels.unknownBooleanValue, sentinels.unknownNumberValue, unknownStringValue, sentinels.unknownArrayValue, sentinels.unknownAssetValue, sentinels.unknownArchiveValue, sentinels.unknownObjectValue]);

/** One resource of the offline plan (`out/<stack>/plan.json`). */
export interface PlanResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** Parent URN, or null for the stack and top-level resources. */
    readonly parent: string | null;
    /** Raw inputs; the string "[unknown]" marks a value unknown at plan time, "[secret]" a secret. */
    readonly inputs: Record<string, unknown>;
    /** URNs this resource depends on (dependsOn plus input dependencies). */
    readonly dependencies: readonly string[];
}

export type Environment = "dev" | "staging" | "production";

export interface Violation {
    readonly policy: string;
    readonly severity: Severity;
    readonly enforcementLevel: "advisory" | "mandatory";
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly message: string;
    readonly remediation: string;
}

/** A rule that could not run on a resource because a value it read is unknown. */
export interface Skipped {
    readonly policy: string;
    readonly urn: string;
    readonly reason: string;
}

export interface EvaluationResult {
    readonly violations: Violation[];
    /** Resource-rule checks run: (resource, resource rule) pairs plus resources seen by each stack rule. */
    readonly checks: number;
    /** The analyzer reports these as advisory "can't run during preview" notes; they never fail a plan. */
    readonly skipped: Skipped[];
}

export interface EvaluateOptions {
    readonly environment: Environment;
    /** Policy-pack config JSON (the `--policy-pack-config` format); default `policies/config/<environment>.json`. */
    readonly configFile?: string;
    /** Rules to run; default every rule of the pack. */
    readonly policies?: Policies;
    /** Every resource's props behind the analyzer's proxy, as the analyzer does; default only those holding an unknown value (`propsOf`), with the same verdicts. */
    readonly alwaysProxy?: boolean;
}

type PackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

/**
 * Directory of the shipped per-environment configs: next to the pack's sources (policies/), above its own
 * build (policies/bin/), or, compiled with the program under dist/policies/, the project's policies/config.
 */
export function configDirectory(): string {
    const candidates = [path.join(__dirname, "config"), path.join(__dirname, "..", "config")];
    for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) candidates.push(path.join(dir, "policies", "config"));
    return candidates.find(d => fs.existsSync(d)) ?? candidates[0];
}

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];
const ajv = new Ajv({ allErrors: true, strict: false });
/** Compiled once per rule (and once for "all"): a plan evaluates the pack config every time. */
const validators = new Map<object | undefined, ValidateFunction>();

/** What a JSON Schema error says, in the config's own words. */
function schemaMessage(key: string, e: ErrorObject): string {
    const at = `${key}${e.instancePath.replace(/\//g, ".")}`;
    if (e.keyword === "additionalProperties") return `"${at}.${String(e.params.additionalProperty)}" is not a config property of the rule`;
    return `"${at}": ${e.message ?? "is invalid"}${e.keyword === "enum" ? ` (${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")})` : ""}`;
}

/**
 * Reads and checks a pack config as the CLI does before it runs the pack: every key names a rule (or "all"),
 * and each rule's value is an enforcement level, or an object valid against the rule's configSchema (its
 * properties, with their types and bounds, plus enforcementLevel; no other key), checked with a JSON Schema
 * validator (ajv): `requireDigest: "yes"` or a string where a list is expected is refused, not read loosely.
 */
export function loadPackConfig(file: string, rules: Policies): PackConfig {
    const config = JSON.parse(fs.readFileSync(file, "utf8")) as PackConfig;
    const byName = new Map(rules.map(p => [p.name, p]));
    const errors: string[] = [];
    for (const [key, value] of Object.entries(config)) {
        const rule = byName.get(key);
        if (key !== "all" && !rule) {
            errors.push(`"${key}" is not a rule of the pack`);
            continue;
        }
        const validate = validators.get(rule) ?? ajv.compile({
            oneOf: [
                { type: "string", enum: LEVELS },
                {
                    type: "object",
                    properties: { enforcementLevel: { type: "string", enum: LEVELS }, ...(rule?.configSchema?.properties ?? {}) },
                    required: rule?.configSchema?.required ?? [],
                    additionalProperties: false,
                },
            ],
        });
        validators.set(rule, validate);
        if (!validate(value)) {
            // Report the branch the value was meant for: a string's level, or an object's properties.
            const branch = typeof value === "string" ? "/oneOf/0" : "/oneOf/1";
            const own = (validate.errors ?? []).filter((e) => e.schemaPath.startsWith(`#${branch}`));
            errors.push(...(own.length > 0 ? own : validate.errors ?? []).map((e) => schemaMessage(key, e)));
        }
    }
    if (errors.length > 0) {
        throw new Error(`invalid policy config ${file}:\n  ${errors.join("\n  ")}`);
    }
    return config;
}

function levelOf(value: PackConfig[string] | undefined): EnforcementLevel | undefined {
    return typeof value === "string" ? value : value?.enforcementLevel;
}

/** The analyzer's order: the rule's own config, then "all", then the rule's default, then advisory. */
export function enforcementOf(rule: { name: string; enforcementLevel?: EnforcementLevel }, config: PackConfig): EnforcementLevel {
    return levelOf(config[rule.name]) ?? levelOf(config.all) ?? rule.enforcementLevel ?? "advisory";
}

/** Replaces the plan's "[unknown]" markers by the analyzer's unknown sentinel. */
function withUnknowns(value: unknown): unknown {
    if (value === "[unknown]") {
        return unknownStringValue;
    }
    if (Array.isArray(value)) {
        return value.map(withUnknowns);
    }
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            out[k] = withUnknowns(v);
        }
        return out;
    }
    return value;
}

/** True when an unknown value is anywhere in `value`. */
function holdsUnknown(value: unknown): boolean {
    if (Array.isArray(value)) {
        return value.some(holdsUnknown);
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value).some(holdsUnknown);
    }
    return UNKNOWN_VALUES.has(value);
}

/**
 * The props a rule reads: behind the analyzer's `unknownCheckingProxy` when the resource holds an unknown
 * value; as they are otherwise, since the proxy would return the very same values (it only throws on an
 * unknown one) and wrapping every nested read was most of the evaluation's time at N=200. Rules only read
 * props (test/policies/offline.test.ts checks the plan's inputs are left as they were).
 */
function propsOf(inputs: Record<string, unknown>): Record<string, unknown> {
    return holdsUnknown(inputs) ? unknownCheckingProxy(withUnknowns(inputs) as Record<string, unknown>) : inputs;
}

class NotApplicable extends Error {}

const OPTIONS = { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } };
const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
};

function typeOf(resourceClass: unknown): string | undefined {
    const t = (resourceClass as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof t === "string" ? t : undefined;
}

/** Runs one validation, mirroring the analyzer's error handling (unknown value: skipped, not failed). */
function run(policy: string, urn: string, skipped: Skipped[], body: () => unknown): void {
    try {
        const result = body();
        if (result !== undefined && typeof (result as Promise<void>).then === "function") {
            throw new Error("asynchronous rules are not supported offline");
        }
    } catch (e) {
        if (e instanceof UnknownValueError) {
            skipped.push({ policy, urn, reason: (e as Error).message });
        } else if (!(e instanceof NotApplicable)) {
            throw new Error(`policy ${policy} failed on ${urn}: ${e instanceof Error ? e.message : String(e)}`);
        }
    }
}

/** Evaluates the pack's rules over planned resources with the environment's enforcement config. */
export function evaluatePolicies(resources: readonly PlanResource[], options: EvaluateOptions): EvaluationResult {
    const rules = options.policies ?? packPolicies;
    const config = loadPackConfig(options.configFile ?? path.join(configDirectory(), `${options.environment}.json`), rules);
    const violations: Violation[] = [];
    const skipped: Skipped[] = [];
    let checks = 0;
    const stackTags = new Map<string, string>();
    const props = resources.map(r => (options.alwaysProxy ? unknownCheckingProxy(withUnknowns(r.inputs ?? {}) as Record<string, unknown>) : propsOf(r.inputs ?? {})));
    const byUrn = new Map(resources.map(r => [r.urn, r]));
    let stackResources: PolicyResource[] | undefined;
    // What every rule's args share for a resource, made once (not once per rule and resource: 330,000 at N=200).
    const opts = resources.map(r => ({ ...OPTIONS, parent: r.parent ?? undefined }));
    const isType = resources.map(r => (c: unknown) => typeOf(c) === r.type);
    const asType = resources.map((r, i) => (c => (typeOf(c) === r.type ? props[i] : undefined)) as ResourceValidationArgs["asType"]);

    for (const rule of rules) {
        const level = enforcementOf(rule, config);
        if (level === "disabled") {
            continue;
        }
        const reported: "advisory" | "mandatory" = level === "advisory" ? "advisory" : "mandatory";
        const given = config[rule.name];
        const ruleConfig = configWithDefaults<object>(rule.configSchema ?? { properties: {} }, typeof given === "object" ? given : {});
        const getConfig = <T extends object>() => ruleConfig as T;
        const reporter = (fallback: PlanResource): ReportViolation => (message, urn) => {
            const target = (urn !== undefined ? byUrn.get(urn) : undefined) ?? fallback;
            violations.push({
                policy: rule.name, severity: rule.severity ?? "medium", enforcementLevel: reported, urn: target.urn,
                type: target.type, name: target.name, message, remediation: rule.remediationSteps ?? "",
            });
        };
        const validations = (rule as ResourceValidationPolicy).validateResource;
        if (validations !== undefined) {
            const list = Array.isArray(validations) ? validations : [validations];
            resources.forEach((r, i) => {
                checks++;
                const args: ResourceValidationArgs = {
                    type: r.type, props: props[i], urn: r.urn, name: r.name, opts: opts[i], stackTags, getConfig, notApplicable, isType: isType[i], asType: asType[i],
                };
                for (const validate of list) {
                    run(rule.name, r.urn, skipped, () => validate(args, reporter(r)));
                }
            });
        }
        const validateStack = (rule as StackValidationPolicy).validateStack;
        if (validateStack !== undefined) {
            checks += resources.length;
            stackResources ??= toPolicyResources(resources, props);
            const linked = stackResources;
            const root = resources.find(r => r.type === "pulumi:pulumi:Stack") ?? resources[0];
            if (root) {
                run(rule.name, root.urn, skipped, () => validateStack({ resources: linked, stackTags, getConfig, notApplicable }, reporter(root)));
            }
        }
    }
    return { violations, checks, skipped };
}

/** PolicyResource objects with parents and dependencies linked, as the analyzer builds them. */
function toPolicyResources(resources: readonly PlanResource[], props: Record<string, any>[]): PolicyResource[] {
    const out = resources.map((r, i): PolicyResource => ({
        type: r.type, props: props[i], urn: r.urn, name: r.name, opts: { ...OPTIONS, parent: r.parent ?? undefined },
        dependencies: [], propertyDependencies: {},
        isType: c => typeOf(c) === r.type,
        asType: (c => (typeOf(c) === r.type ? props[i] : undefined)) as PolicyResource["asType"],
    }));
    const byUrn = new Map(out.map(r => [r.urn, r]));
    resources.forEach((r, i) => {
        out[i].parent = r.parent ? byUrn.get(r.parent) : undefined;
        out[i].dependencies = (r.dependencies ?? []).map(d => byUrn.get(d)).filter((d): d is PolicyResource => d !== undefined);
    });
    return out;
}

const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low"];

/** Human-readable report: mandatory then advisory, by severity, each with the resource and the fix. */
export function formatViolations(result: Pick<EvaluationResult, "violations"> & Partial<EvaluationResult>): string {
    const lines: string[] = [];
    for (const level of ["mandatory", "advisory"] as const) {
        const group = result.violations.filter(v => v.enforcementLevel === level);
        if (group.length === 0) {
            continue;
        }
        lines.push(`${level.toUpperCase()} violations (${group.length})`);
        for (const severity of SEVERITY_ORDER) {
            for (const v of group.filter(x => x.severity === severity)) {
                lines.push(`  [${severity}] ${v.policy}: ${v.type} "${v.name}"`);
                lines.push(`      ${v.message}`);
                lines.push(`      urn: ${v.urn}`);
                if (v.remediation) {
                    lines.push(`      fix: ${v.remediation}`);
                }
            }
        }
    }
    const mandatory = result.violations.filter(v => v.enforcementLevel === "mandatory").length;
    const summary = `${mandatory} mandatory, ${result.violations.length - mandatory} advisory violation(s)`
        + (result.checks !== undefined ? ` over ${result.checks} checks` : "")
        + (result.skipped && result.skipped.length > 0 ? `; ${result.skipped.length} check(s) skipped on unknown values` : "");
    lines.push(summary);
    return lines.join("\n");
}

/** True when the result must fail the plan (any mandatory violation). */
export function hasMandatoryViolations(result: Pick<EvaluationResult, "violations">): boolean {
    return result.violations.some(v => v.enforcementLevel === "mandatory");
}
