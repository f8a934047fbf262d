import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlanResource, evaluatePolicies, formatViolations, hasMandatoryViolations, loadPackConfig } from "../../policies/offline";
import { measureChecksPerSecond } from "../../policies/bench";
import { policies } from "../../policies/rules";
import { repoRoot } from "../support/plan";

const stack: PlanResource = { urn: "urn:pulumi:production::platform::pulumi:pulumi:Stack::platform-production", type: "pulumi:pulumi:Stack", name: "platform-production", parent: null, inputs: {}, dependencies: [] };
const sg = (cidr: string): PlanResource => ({
    urn: "urn:pulumi:production::platform::aws:ec2/securityGroup:SecurityGroup::db-sg", type: "aws:ec2/securityGroup:SecurityGroup", name: "db-sg", parent: stack.urn,
    inputs: { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: [cidr] }], tags: { owner: "a", environment: "production", "cost-center": "c" } }, dependencies: [],
});

function tempConfig(content: object): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-")), "config.json");
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
}

describe("offline evaluation", () => {
    it("every rule name is unique, kebab-case, and has description, severity, remediation and a config schema", () => {
        const names = policies.map(p => p.name);
        assert.strictEqual(new Set(names).size, names.length);
        for (const p of policies) {
            assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)+$/, p.name);
            assert.ok(p.description.length > 20 && p.severity && (p.remediationSteps ?? "").length > 10 && p.configSchema, p.name);
        }
    });
    it("every shipped environment config names only rules and their schema properties, and covers every rule", () => {
        for (const env of ["dev", "staging", "production"]) {
            const file = path.join(repoRoot, "policies", "config", `${env}.json`);
            const config = loadPackConfig(file, policies);
            assert.deepStrictEqual(Object.keys(config).sort(), policies.map(p => p.name).sort(), env);
        }
    });
    it("production makes every security and data rule mandatory; only the maintenance window stays advisory", () => {
        const prod = JSON.parse(fs.readFileSync(path.join(repoRoot, "policies", "config", "production.json"), "utf8")) as Record<string, { enforcementLevel: string }>;
        const advisory = Object.entries(prod).filter(([, v]) => v.enforcementLevel !== "mandatory").map(([k]) => k);
        assert.deepStrictEqual(advisory, ["stack-maintenance-window"]);
    });
    it("rejects a config naming an unknown rule or property", () => {
        assert.throws(() => loadPackConfig(tempConfig({ "k8s-no-privileged-containerz": "mandatory" }), policies), /"k8s-no-privileged-containerz" is not a rule of the pack/);
        assert.throws(() => loadPackConfig(tempConfig({ "k8s-minimum-replicas": { minReplica: 3 } }), policies), /"k8s-minimum-replicas.minReplica" is not a config property/);
    });
    it("validates each rule's config against its configSchema with a JSON Schema validator, as the CLI does (#23 validators)", () => {
        const problems = (config: object) => {
            try {
                loadPackConfig(tempConfig(config), policies);
                return [];
            } catch (e) {
                return (e as Error).message.split("\n").slice(1).map((l) => l.trim());
            }
        };
        assert.deepStrictEqual(problems({
            "k8s-image-pinned": { enforcementLevel: "mandatory", requireDigest: "yes", forbiddenTags: "latest" },
            "k8s-minimum-replicas": "mandatry",
            "k8s-no-external-services": { enforcementLevel: "strict" },
            "k8s-canary-steps-rising": { maxFirstStep: 0 },
        }), [
            "\"k8s-image-pinned.requireDigest\": must be boolean",
            "\"k8s-image-pinned.forbiddenTags\": must be array",
            "\"k8s-minimum-replicas\": must be equal to one of the allowed values (\"advisory\", \"mandatory\", \"remediate\", \"disabled\")",
            "\"k8s-no-external-services.enforcementLevel\": must be equal to one of the allowed values (\"advisory\", \"mandatory\", \"remediate\", \"disabled\")",
            "\"k8s-canary-steps-rising.maxFirstStep\": must be >= 1",
        ]);
        assert.deepStrictEqual(problems({ "k8s-image-pinned": { requireDigest: true, forbiddenTags: ["latest", "main"] }, "k8s-minimum-replicas": "disabled" }), []);
        for (const tier of ["dev", "staging", "production"]) {
            assert.doesNotThrow(() => loadPackConfig(path.join(repoRoot, "policies", "config", `${tier}.json`), policies), tier);
        }
    });
    it("reports a mandatory violation in production with resource, severity and remediation", () => {
        const result = evaluatePolicies([stack, sg("0.0.0.0/0")], { environment: "production" });
        const v = result.violations.filter(x => x.policy === "aws-security-group-no-public-admin");
        assert.deepStrictEqual(v.map(x => [x.enforcementLevel, x.severity, x.name, x.message]), [["mandatory", "critical", "db-sg", "ingress from 0.0.0.0/0 opens port(s) 5432"]]);
        assert.match(v[0].remediation, /Restrict the source/);
        assert.ok(hasMandatoryViolations(result));
        const text = formatViolations(result);
        assert.match(text, /MANDATORY violations/);
        assert.match(text, /\[critical\] aws-security-group-no-public-admin: aws:ec2\/securityGroup:SecurityGroup "db-sg"\n {6}ingress from 0.0.0.0\/0 opens port\(s\) 5432\n {6}urn: .*db-sg\n {6}fix: Restrict/);
    });
    it("the same violation is advisory in dev", () => {
        const result = evaluatePolicies([stack, sg("0.0.0.0/0")], { environment: "dev" });
        assert.ok(result.violations.length > 0 && !hasMandatoryViolations(result));
    });
    it("disabled rules are skipped and 'all' sets the default level", () => {
        const file = tempConfig({ all: "disabled", "aws-security-group-no-public-admin": "mandatory" });
        const result = evaluatePolicies([stack, sg("0.0.0.0/0")], { environment: "production", configFile: file });
        assert.deepStrictEqual(result.violations.map(v => v.policy), ["aws-security-group-no-public-admin"]);
        assert.strictEqual(result.checks, 2);
    });
    it("an [unknown] plan value skips the rule for that resource and records no violation", () => {
        const file = tempConfig({ all: "disabled", "aws-security-group-no-public-admin": "mandatory" });
        const result = evaluatePolicies([stack, sg("[unknown]")], { environment: "production", configFile: file });
        assert.deepStrictEqual(result.violations, []);
        assert.deepStrictEqual(result.skipped.map(s => [s.policy, s.reason]), [["aws-security-group-no-public-admin", "string value at .ingress.0.cidrBlocks.0 can't be known during preview"]]);
    });
    it("per-environment properties reach the rules over the schema defaults", () => {
        const deployment: PlanResource = { urn: "urn:d", type: "kubernetes:apps/v1:Deployment", name: "web", parent: null, inputs: { spec: { replicas: 2 } }, dependencies: [] };
        const pick = (env: "dev" | "staging" | "production") => evaluatePolicies([stack, deployment], { environment: env })
            .violations.filter(v => v.policy === "k8s-minimum-replicas").map(v => v.message);
        assert.deepStrictEqual(pick("staging"), []);
        assert.deepStrictEqual(pick("production"), ["replicas is 2, below the environment minimum 3"]);
    });
    it("stack rules see plan dependencies as linked resources", () => {
        const file = tempConfig({ all: "disabled", "k8s-traffic-shift-gated": "mandatory" });
        const gate: PlanResource = { urn: "urn:gate", type: "kubernetes:batch/v1:Job", name: "gate", parent: null, inputs: { metadata: { labels: { "platform.dev/gate": "smoke" } } }, dependencies: [] };
        const svc: PlanResource = { urn: "urn:svc", type: "kubernetes:core/v1:Service", name: "live", parent: null, inputs: { metadata: { annotations: { "platform.dev/traffic-shift": "true" } } }, dependencies: ["urn:gate"] };
        assert.deepStrictEqual(evaluatePolicies([stack, gate, svc], { environment: "production", configFile: file }).violations, []);
        const ungated = evaluatePolicies([stack, gate, { ...svc, dependencies: [] }], { environment: "production", configFile: file });
        assert.deepStrictEqual(ungated.violations.map(v => [v.policy, v.name]), [["k8s-traffic-shift-gated", "live"]]);
    });
    it("the README states the pack's rule count", () => {
        const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
        assert.match(readme, new RegExp(`a CrossGuard pack of ${policies.length} rules`));
    });
    it("docs/policies.md lists every rule", () => {
        const doc = fs.readFileSync(path.join(repoRoot, "docs", "policies.md"), "utf8");
        assert.deepStrictEqual(policies.map(p => p.name).filter(n => !doc.includes(`| \`${n}\` |`)), []);
    });
    it("counts one check per resource per applicable rule on synthetic resources (speed is reported by npm run bench)", () => {
        const { checks, checksPerSecond } = measureChecksPerSecond(100);
        assert.ok(checks > 0 && Number.isFinite(checksPerSecond));
    });
});
