// A Job that carries the gate label is not a gate: in staging and production the traffic-shift rule accepts
// only the platform's gate program (allowed image, the shipped gates/gate.js, nothing that could preload code).
import * as assert from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { trafficShiftGated } from "../../policies/kubernetes/trafficShiftGated";
import { GATE_POLICY } from "../../stacks/gatePolicy";
import { DEFAULT_GATE_IMAGE } from "../../components/kubernetes/gateSpec";
import { assertStackUnknownSafe, edit, runStack, type StackItem } from "./harness";

const root = path.join(__dirname, "..", "..", "..");
const script = fs.readFileSync(path.join(root, "gates", "gate.js"), "utf8");
const ruleConfig = (tier: string) => JSON.parse(fs.readFileSync(path.join(root, "policies", "config", `${tier}.json`), "utf8"))["k8s-traffic-shift-gated"];

const JOB = "kubernetes:batch/v1:Job";
const container = {
    name: "gate", image: DEFAULT_GATE_IMAGE, command: ["node", "/opt/gate/gate.js"],
    env: [{ name: "GATE_MODE", value: "smoke" }], volumeMounts: [{ name: "gate-script", mountPath: "/opt/gate", readOnly: true }],
};
const gateProps = {
    metadata: { name: "web-gate-1", namespace: "apps", labels: { "platform.dev/gate": "smoke" } },
    spec: { template: { spec: { containers: [container], volumes: [{ name: "gate-script", configMap: { name: "web-gate-1" } }] } } },
};
const gate: StackItem = { type: JOB, name: "web-gate-1-job", props: gateProps };
const configMap: StackItem = { type: "kubernetes:core/v1:ConfigMap", name: "web-gate-1-script", props: { metadata: { name: "web-gate-1", namespace: "apps" }, data: { "gate.js": script } } };
const live: StackItem = { type: "kubernetes:core/v1:Service", name: "web-live", props: { metadata: { name: "web", namespace: "apps", annotations: { "platform.dev/traffic-shift": "true" } }, spec: { selector: { color: "green" } } }, deps: ["web-gate-1-job"] };

const run = (items: StackItem[], tier = "production") => runStack(trafficShiftGated, items, ruleConfig(tier)).messages;
const withGate = (props: object) => [{ ...gate, props }, configMap, live];
const refused = (why: string) => [`web-live: Service shifts live traffic but its gate Job web-gate-1-job is not the platform's gate program: ${why}`];

describe("k8s-traffic-shift-gated: only the platform's gate program is a gate", () => {
    it("passes the platform's gate Job with the shipped staging and production configs", () => {
        assert.deepStrictEqual(run([gate, configMap, live]), []);
        assert.deepStrictEqual(run([gate, configMap, live], "staging"), []);
    });

    it("refuses a do-nothing Job that only carries the gate label", () => {
        const noop = edit(gateProps, "spec.template.spec.containers", [{ name: "gate", image: "busybox@sha256:" + "0".repeat(64), command: ["true"] }]);
        assert.deepStrictEqual(run(withGate(noop)), refused("no container runs exactly `node <dir>/gate.js`"));
    });

    it("refuses the gate command from an image the tier does not allow", () => {
        const other = "docker.io/library/node:24@sha256:" + "1".repeat(64);
        assert.deepStrictEqual(run(withGate(edit(gateProps, "spec.template.spec.containers.0.image", other))),
            refused(`its image ${other} is not an allowed gate image (${DEFAULT_GATE_IMAGE})`));
    });

    it("refuses a gate.js that is not the shipped one", () => {
        const cm = { ...configMap, props: { ...configMap.props, data: { "gate.js": "process.exit(0)" } } };
        const digest = createHash("sha256").update("process.exit(0)").digest("hex").slice(0, 12);
        assert.deepStrictEqual(run([gate, cm, live]), refused(`its gate.js (ConfigMap web-gate-1, sha256 ${digest}...) is not the platform's gate program`));
        assert.deepStrictEqual(run([gate, live]), refused("its script ConfigMap web-gate-1 is not part of the stack"));
    });

    it("refuses what could run other code first: NODE_OPTIONS, envFrom, args, a volume over the script", () => {
        const c = "spec.template.spec.containers.0";
        assert.deepStrictEqual(run(withGate(edit(gateProps, `${c}.env`, [{ name: "NODE_OPTIONS", value: "--require /tmp/x.js" }]))), refused("its gate container sets NODE_OPTIONS"));
        assert.deepStrictEqual(run(withGate(edit(gateProps, `${c}.envFrom`, [{ configMapRef: { name: "opts" } }]))), refused("its gate container takes envFrom, which could set NODE_OPTIONS"));
        assert.deepStrictEqual(run(withGate(edit(gateProps, `${c}.args`, ["--skip"]))), refused('its gate container passes args ["--skip"]'));
        const mounts = [...container.volumeMounts, { name: "scratch", mountPath: "/opt/gate/lib" }];
        assert.deepStrictEqual(run(withGate(edit(gateProps, `${c}.volumeMounts`, mounts))), refused("scratch mounted over its script directory /opt/gate"));
        const fromEmptyDir = edit(gateProps, "spec.template.spec.volumes", [{ name: "gate-script", emptyDir: {} }]);
        assert.deepStrictEqual(run(withGate(fromEmptyDir)), refused("its script directory /opt/gate is not mounted from a ConfigMap"));
    });

    it("accepts a labelled Job of any shape in dev, whose config lists no gate program", () => {
        const noop = edit(gateProps, "spec.template.spec.containers", [{ name: "gate", image: "busybox", command: ["true"] }]);
        assert.deepStrictEqual(run(withGate(noop), "dev"), []);
    });

    it("the shipped configs list the platform's gate images per tier and the sha256 of gates/gate.js", () => {
        const digest = createHash("sha256").update(script).digest("hex");
        for (const tier of ["staging", "production"] as const) {
            assert.deepStrictEqual(ruleConfig(tier).gateImages, GATE_POLICY[tier].gateImages, `${tier}: gateImages`);
            assert.deepStrictEqual(ruleConfig(tier).gateScriptSha256, [digest], `${tier}: gateScriptSha256 (update it with gates/gate.js)`);
        }
        assert.strictEqual(ruleConfig("dev").gateImages, undefined);
    });

    it("never crashes on unknowns", () => assert.ok(assertStackUnknownSafe(trafficShiftGated, [gate, configMap, live], ruleConfig("production")) > 10));
});
