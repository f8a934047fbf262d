import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { appendPromotion, appendRelease } from "../../stacks/delivery/releaseHistory";
import { RELEASE_MANIFEST_API_VERSION, type ReleaseManifest } from "../../stacks/delivery/releaseManifest";
import { parseReleasesArgs, stackOutputs } from "../../tools/releases/cli";
import { formatHistories, historiesOf } from "../../tools/releases/format";
import { repoRoot } from "../support/plan";

const D = (c: string) => `sha256:${c.repeat(64)}`;
const manifest = (d: string, version: string): ReleaseManifest => ({
    apiVersion: RELEASE_MANIFEST_API_VERSION, environment: "staging", tier: "staging",
    apps: { api: { app: "api", image: `ghcr.io/acme/api:${version}@${d}`, digest: d, version, strategy: "rolling", gates: { passed: true, names: [] }, verified: [d] } },
});

describe("npm run releases", () => {
    const h1 = appendRelease(undefined, manifest(D("1"), "1.0.0"), "2026-12-01T10:00:00.000Z");
    const h2 = appendRelease(h1, manifest(D("2"), "1.1.0"), "2026-12-02T10:00:00.000Z");
    const [r2, r1] = h2.releases.map((r) => r.id);

    it("prints the releases newest first with latest and previous marked, then the promotions", () => {
        const promotions = appendPromotion(appendPromotion(undefined, { release: r2, source: "acme/platform/staging", promotedAt: "2026-12-02T11:00:00.000Z", apps: { api: D("2") } }),
            { release: r1, source: "acme/platform/staging", promotedAt: "2026-12-02T12:00:00.000Z", apps: { api: D("1") }, message: "roll back api" });
        const lines = formatHistories("production", historiesOf({ releaseHistory: h2, promotionHistory: promotions, promotedRelease: r1, promotedFrom: "acme/platform/staging" }));
        assert.deepEqual(lines, [
            "stack production: 2 verified release(s), newest first (promotion.release: latest | previous | <id>)",
            "            ID           VERIFIED AT               APPS",
            `  latest    ${r2}  2026-12-02T10:00:00.000Z  api 1.1.0 (rolling)`,
            `  previous  ${r1}  2026-12-01T10:00:00.000Z  api 1.0.0 (rolling)`,
            "",
            `stack production: 2 promotion(s) from acme/platform/staging, running ${r1}, newest first`,
            "  RELEASE      PROMOTED AT               MESSAGE",
            `  ${r1}  2026-12-02T12:00:00.000Z  roll back api`,
            `  ${r2}  2026-12-02T11:00:00.000Z`,
        ]);
    });

    it("says so when a stack has no history, and names a malformed output instead of printing it", () => {
        assert.deepEqual(formatHistories("dev", historiesOf({ namespace: "dev" })), ["stack dev: no release history (it has not been updated by a platform program that records one)"]);
        assert.throws(() => historiesOf({ releaseHistory: { ...h2, releases: "many" } }), /^Error: output releaseHistory is malformed: releases: /);
    });

    it("parses its arguments, refusing unknown options and odd stack names", () => {
        assert.deepEqual(parseReleasesArgs(["staging"]), { stack: "staging", source: { kind: "engine" }, json: false });
        assert.deepEqual(parseReleasesArgs(["staging", "--plan"]), { stack: "staging", source: { kind: "plan", dir: "out" }, json: false });
        assert.deepEqual(parseReleasesArgs(["--plan", "/tmp/o", "acme/platform/staging", "--json"]), { stack: "acme/platform/staging", source: { kind: "plan", dir: "/tmp/o" }, json: true });
        assert.throws(() => parseReleasesArgs([]), /name the stack/);
        assert.throws(() => parseReleasesArgs(["staging", "--since", "1d"]), /unknown option --since/);
        assert.throws(() => parseReleasesArgs(["staging; rm -rf /"]), /expected a stack name/);
        assert.throws(() => parseReleasesArgs(["staging", "--outputs"]), /--outputs needs a file/);
    });

    it("reads the offline plan's outputs, and says how to make them when they are missing", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "releases-"));
        fs.mkdirSync(path.join(dir, "staging"));
        fs.writeFileSync(path.join(dir, "staging", "plan.json"), JSON.stringify({ resources: [], outputs: { releaseHistory: h2 } }));
        assert.deepEqual(stackOutputs({ stack: "staging", source: { kind: "plan", dir }, json: false }), { releaseHistory: h2 });
        assert.throws(() => stackOutputs({ stack: "production", source: { kind: "plan", dir }, json: false }), /the offline plan of production \(run npm run plan -- production first\): cannot read/);
    });

    it("runs as `npm run releases -- <stack> --plan <dir> --json`, exiting 1 with one line on a bad argument", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "releases-cli-"));
        fs.mkdirSync(path.join(dir, "staging"));
        fs.writeFileSync(path.join(dir, "staging", "plan.json"), JSON.stringify({ resources: [], outputs: { releaseHistory: h2 } }));
        const cli = (args: string[]) => spawnSync(process.execPath, ["--require", "./tools/runtime/preload.cjs", "dist/tools/releases/cli.js", ...args], { cwd: repoRoot, encoding: "utf8" });
        const ok = cli(["staging", "--plan", dir, "--json"]);
        assert.equal(ok.status, 0, ok.stderr);
        assert.deepEqual(JSON.parse(ok.stdout), { releases: h2 });
        const bad = cli(["staging", "--bogus"]);
        assert.equal(bad.status, 1);
        assert.match(bad.stderr, /^releases: unknown option --bogus\nusage: npm run releases/);
    });
});
