import * as assert from "node:assert/strict";
import { parseDocument } from "yaml";
import { DIFFERENT, SAME } from "../support/yamlReadings";
import { E2EProject } from "./support/project";

// The offline plan's table of how the Pulumi CLI reads plain YAML values (test/plan/yamlAgreement.test.ts),
// checked against the CLI itself: `pulumi config --json` on a stack file holding every value of the table.
describe("the Pulumi CLI reads stack file values as the offline plan's table says (#23 class 7)", function () {
    let project: E2EProject;
    let read: Record<string, unknown>;

    before(() => {
        const text = (rows: Array<[string, unknown]>) => `{ ${rows.map(([v], i) => `v${i}: ${v}`).join(", ")} }`;
        const file = `config:\n  platform:same: ${text(SAME)}\n  platform:different: ${text(DIFFERENT)}\n  platform:merged: { base: &b { p: 1 }, m: { <<: *b, q: 2 } }\n`;
        project = E2EProject.create("yaml", {});
        project.initStack("yaml");
        project.writeStackFile("yaml", file);
        const config = JSON.parse(project.pulumi(["config", "--json", "--stack", "yaml"]).stdout) as Record<string, { objectValue?: Record<string, unknown> }>;
        read = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, v.objectValue]));
    });
    after(() => project?.remove());

    it("values both read alike: the CLI gives what YAML 1.2 gives", () => {
        assert.deepEqual(read["platform:same"], Object.fromEntries(SAME.map(([, cli], i) => [`v${i}`, cli])));
        const yaml12 = parseDocument(`{ ${SAME.map(([v], i) => `v${i}: ${v}`).join(", ")} }`).toJS() as Record<string, unknown>;
        assert.deepEqual(read["platform:same"], yaml12);
    });

    it("values the plan refuses: the CLI reads each as the table says, and YAML 1.2 reads it otherwise", () => {
        assert.deepEqual(read["platform:different"], Object.fromEntries(DIFFERENT.map(([, cli], i) => [`v${i}`, cli])));
        const yaml12 = parseDocument(`{ ${DIFFERENT.map(([v], i) => `v${i}: ${v}`).join(", ")} }`).toJS() as Record<string, unknown>;
        assert.deepEqual(DIFFERENT.filter((_, i) => yaml12[`v${i}`] === (read["platform:different"] as Record<string, unknown>)[`v${i}`]), []);
    });

    it("merge keys are merged, as the plan merges them", () => {
        assert.deepEqual(read["platform:merged"], { base: { p: 1 }, m: { p: 1, q: 2 } });
    });
});
