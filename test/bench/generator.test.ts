import * as assert from "node:assert/strict";
import { parse } from "yaml";
import { parsePlatformConfig } from "../../stacks/config";
import { resolvePromotion } from "../../stacks/delivery/promotion";
import { trackImages } from "../../stacks/release";
import { BENCH_SOURCE_STACK, detectSchemaFeatures, generatePreviewStackDoc, generateSourceOutputs, generateStackDoc, rawValues, SECTIONS, stackYaml, strategyMix, type Features } from "../../tools/bench/generator";

/** The generated YAML read back the way the plan reads a stack file, then parsed by the real schema. */
function parseGenerated(n: number, features: Features) {
    const doc = parse(stackYaml(generateStackDoc(n, features))) as { config: Record<string, unknown> };
    return parsePlatformConfig(rawValues(doc), "bench");
}

describe("bench config generator", () => {
    const detected = detectSchemaFeatures();

    it("detects the strategies and sections the current schema accepts, and gives a reason for each one left out", () => {
        assert.equal(detected.features.strategies[0], "rolling");
        for (const section of SECTIONS) {
            const included = detected.features.sections.includes(section);
            const reason = detected.rejected.find((r) => r.feature === `platform:${section}`);
            assert.equal(included, reason === undefined, `platform:${section} must be either included or left out with a reason`);
        }
        for (const r of detected.rejected) assert.match(r.reason, /^platform:/);
    });

    for (const n of [10, 50, 200]) {
        it(`generates ${n} apps that parse with the real schema, cycling through the detected strategies`, () => {
            const config = parseGenerated(n, detected.features);
            assert.equal(config.apps.length, n);
            assert.equal(new Set(config.apps.map((a) => a.name)).size, n);
            const counted: Record<string, number> = {};
            for (const app of config.apps) counted[app.strategy.type] = (counted[app.strategy.type] ?? 0) + 1;
            assert.deepEqual(counted, strategyMix(n, detected.features.strategies));
            // Every strategy gets about a third (or half) of the apps: none is starved.
            const share = n / detected.features.strategies.length;
            for (const s of detected.features.strategies) assert.ok(Math.abs((counted[s] ?? 0) - share) <= 1, `${s}: ${counted[s]} of ${n}`);
        });
    }

    it("produces a rolling, blue-green and canary mix when the schema accepts all three", function () {
        if (detected.features.strategies.length < 3) this.skip();
        const config = parseGenerated(9, detected.features);
        assert.deepEqual(config.apps.map((a) => a.strategy.type), ["rolling", "blueGreen", "canary", "rolling", "blueGreen", "canary", "rolling", "blueGreen", "canary"]);
        assert.equal(config.apps[1].image, undefined, "a blue-green app names its images per colour");
    });

    it("falls back to rolling apps only when no other strategy is available", () => {
        const config = parseGenerated(10, { strategies: ["rolling"], sections: [] });
        assert.ok(config.apps.every((a) => a.strategy.type === "rolling"));
    });

    it("generates the promotion source's manifest: every image the generated production apps run is verified", () => {
        const doc = generateStackDoc(9, detected.features);
        const config = parsePlatformConfig(rawValues(doc), "bench", "acme");
        assert.equal(config.promotion?.from, `acme/platform/${BENCH_SOURCE_STACK}`);
        const result = resolvePromotion(generateSourceOutputs(doc).releaseManifest, config.apps.map((a, i) => ({ name: a.name, ...(a.strategy.type === "blueGreen" ? {} : { image: a.image }), tracks: trackImages(a, i) })), config.promotion!.from, { sourceTier: "staging" });
        assert.deepEqual(result.errors, []);
        assert.equal(Object.keys(result.images).length, 9);
    });

    it("generates a preview stack the real engine can run offline: dev tier, rendered to a folder, no cloud, no secrets, no promotion", () => {
        const doc = generatePreviewStackDoc("bench-preview-n9", 9, detected.features);
        const text = stackYaml(doc);
        assert.equal(text.includes("secure:"), false, "no value the CLI would have to decrypt");
        const config = parsePlatformConfig(rawValues(parse(text) as { config: Record<string, unknown> }), "bench-preview-n9");
        assert.equal(config.environment.tier, "dev");
        assert.deepEqual(config.kubernetes, { mode: "render", directory: "rendered/bench-preview-n9" });
        assert.equal(config.cloud.provider, "none");
        assert.equal(config.promotion, undefined);
        assert.equal(config.apps.length, 9);
        assert.deepEqual(new Set(config.apps.map((a) => a.strategy.type)), new Set(detected.features.strategies));
    });

    it("keeps secrets as secure: entries, never plaintext", () => {
        const text = stackYaml(generateStackDoc(3, detected.features));
        const doc = parse(text) as { config: Record<string, unknown> };
        assert.deepEqual(doc.config["platform:kubeconfig"], { secure: "v1:REPLACE-WITH-pulumi-config-set--secret" });
        for (const v of Object.values(doc.config["platform:secrets"] as Record<string, unknown>)) assert.deepEqual(Object.keys(v as object), ["secure"]);
    });

    it("rejects a section the schema does not know, so it is left out rather than breaking the bench", () => {
        const doc = generateStackDoc(1, { strategies: ["rolling"], sections: [] });
        doc.config["platform:notASection"] = { enabled: true };
        assert.throws(() => parsePlatformConfig(rawValues(doc), "bench"), /platform:notASection: unknown config key/);
    });
});
