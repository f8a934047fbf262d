import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { platformProgram } from "../../stacks/program";
import { BENCH_SOURCE_STACK, detectSchemaFeatures, generateSourceOutputs, generateStackDoc, stackYaml } from "../../tools/bench/generator";
import { compareManifestKeys, kubernetesManifests, manifestYaml } from "../../tools/plan/manifests";
import { yamlText } from "../../tools/plan/yamlText";
import { planProgram, stackConfig } from "../support/plan";

/** What manifests were written with before: yaml's own document model. */
const reference = (value: unknown) => stringify(value, { sortMapEntries: (a, b) => compareManifestKeys(String(a.key), String(b.key)), lineWidth: 0 });

/** Strings whose YAML text needs care: quoting, core-schema look-alikes, indicators, block scalars, document markers. */
const TRICKY = [
    "", " ", "plain", "two words", "a  b", " lead", "trail ", "a: b", "a:b", "ends:", "a #b", "a#b", "#alerts", "- a", "-", "?", "? a", ":",
    "null", "Null", "NULL", "~", "true", "False", "TRUE", "yes", "no", "on", "1", "-1", "0.5", "1e3", ".inf", "-.inf", ".nan", "0x1F", "0o17", "+1",
    "@a", "a@b", "%a", "`a`", "!tag", "&anchor", "*alias", "|", ">", "'single'", "\"double\"", "it's", "say \"hi\"", "both ' and \"",
    "{a}", "[a]", "a,b", "${datasource}", "line\nline", "line\n", "line\n\n", "\nlead", "  indented\nblock", "trailing space \nx", "tab\there",
    "1.1.0", "64Mi", "250m", "25%", "10.20.1.0/24", "012", "1_000", "1.", "1.5e", "0x", "0o8", "3d", "14.4", "-3", "1e-3", "0.0.0.0/0", "2026-12-02",
    "---", "...", "--- a", "line\n---\nline", "%YAML", "\u0007bell", "é and ü", "emoji 🚀", "\u2028", "a".repeat(2000),
    JSON.stringify({ uid: "x", panels: [{ title: "Request rate", expr: 'sum(rate(http_requests_total{job="a"}[5m]))' }] }, null, 2),
];

/** Every tricky string as a key, a map value, a sequence item and a value inside maps in sequences, at several depths. */
function corpus(): Record<string, unknown> {
    const asValues = Object.fromEntries(TRICKY.map((s, i) => [`k${i}`, s]));
    return {
        apiVersion: "v1",
        kind: "Corpus",
        metadata: { name: "corpus", labels: { "app.kubernetes.io/name": "x", "platform.dev/track": "stable" }, annotations: Object.fromEntries(TRICKY.slice(0, 40).map((s) => [s === "" ? "empty" : s.slice(0, 60), s])) },
        spec: { values: asValues, items: TRICKY, nested: [{ name: "a", env: [{ name: "X", value: TRICKY }] }, [TRICKY.slice(0, 5), []], {}, []] },
        data: { numbers: [0, -0, 1, -1, 2 ** 53, 0.1, 1e21, -2.5e-7, Number.MAX_SAFE_INTEGER], flags: [true, false, null], empty: {}, none: [] },
        zeta: "last", Alpha: "case", alpha: "lower", "b-key": 1, b_key: 2, "b.key": 3, B: 4,
    };
}

describe("manifest YAML text", function () {
    this.timeout(120_000);

    it("is yaml's own text, byte for byte, for every kind of key, value and nesting", () => {
        assert.equal(yamlText(corpus(), compareManifestKeys), reference(corpus()));
        for (const s of TRICKY) assert.equal(manifestYaml({ v: s, [s]: [s, { [s]: s }] }), reference({ v: s, [s]: [s, { [s]: s }] }), JSON.stringify(s.slice(0, 80)));
    });

    it("writes one-line printable strings as yaml does, as keys and values at every depth, for every short mix of tricky characters", () => {
        const alphabet = ["a", "1", "0", " ", ":", "#", "-", "?", ".", "'", '"', "%", "@", "{", "[", ",", "e", "x", "~", "\\", "!", "|", "*"];
        let seed = 7;
        const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % alphabet.length;
        for (let i = 0; i < 3000; i++) {
            const s = Array.from({ length: 1 + (i % 5) }, () => alphabet[next()]).join("");
            const doc = { [s]: s, n: { [s]: [s, { [s]: s }] } };
            assert.equal(yamlText(doc, compareManifestKeys), reference(doc), JSON.stringify(s));
        }
    });

    it("falls back to yaml's document model for what JSON does not have, and for an object met twice", () => {
        const shared = { a: 1 };
        for (const odd of [{ a: undefined, b: 1 }, { b: new Date(0) }, { c: 1n }, { x: shared, y: [shared] }]) assert.equal(yamlText(odd, compareManifestKeys), reference(odd));
        assert.match(yamlText({ x: shared, y: [shared] }, compareManifestKeys), /&a1/, "an object met twice is an anchor and an alias, as yaml writes it");
    });

    it("is yaml's own text for every manifest of the dev and staging stacks and of a generated stack with every strategy and section", async () => {
        const plans = [];
        for (const stack of ["dev", "staging"]) {
            const { config, secretKeys } = stackConfig(stack);
            const parsed = parsePlatformConfig(readRawConfig(config), stack);
            plans.push(await planProgram(() => platformProgram({ mode: "plan", config: parsed }), { stack, config, secretKeys }));
        }
        // A generated stack read as the plan reads its file: config and secrets as the CLI passes them.
        const doc = generateStackDoc(6, detectSchemaFeatures().features);
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "yaml-text-")), "Pulumi.bench.yaml");
        fs.writeFileSync(file, stackYaml(doc));
        const { config, secretKeys } = stackConfig("bench", file);
        const generated = parsePlatformConfig(readRawConfig(config), "bench", "acme");
        plans.push(await planProgram(() => platformProgram({ mode: "plan", config: generated }), { stack: "bench", config, secretKeys, stackOutputs: { [BENCH_SOURCE_STACK]: generateSourceOutputs(doc) } }));
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
        let compared = 0;
        for (const plan of plans) {
            for (const m of kubernetesManifests(plan.resources)) {
                assert.equal(manifestYaml(m.object), reference(m.object), m.file);
                compared++;
            }
        }
        assert.ok(compared > 100, `${compared} manifests compared`);
    });
});
