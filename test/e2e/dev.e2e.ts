import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { differences, fromPlan, fromPreview, objectsIn, type PreviewStep } from "./support/compare";
import { E2EProject, offlinePlan, repoRoot } from "./support/project";

// The shipped dev stack (render mode) through the real CLI, language host and Kubernetes provider.
describe("dev stack on the real engine", function () {
    let project: E2EProject;
    let planDir: string;

    before(() => {
        project = E2EProject.create("dev", { dev: fs.readFileSync(path.join(repoRoot, "Pulumi.dev.yaml"), "utf8") });
        planDir = path.join(project.dir, "..", "plan");
        project.initStack("dev");
    });
    after(() => project?.remove());

    it("previews with the same resources, parents, dependencies and inputs as the offline plan", () => {
        const preview = JSON.parse(project.pulumi(["preview", "--json", "--stack", "dev"]).stdout) as { steps: PreviewStep[] };
        assert.ok(preview.steps.every((s) => s.op === "create"), "a fresh stack only creates");
        const plan = offlinePlan("dev", path.join(repoRoot, "Pulumi.dev.yaml"), planDir);
        const dirs = [project.dir, repoRoot];
        assert.deepEqual(differences(fromPlan(plan.resources, dirs), fromPreview(preview.steps, dirs)), []);
        assert.equal(preview.steps.length, plan.resources.length);
    });

    it("pulumi up renders exactly the manifests the offline plan writes, object by object", () => {
        const up = project.pulumi(["up", "--yes", "--skip-preview", "--stack", "dev"]);
        const planned = JSON.parse(fs.readFileSync(path.join(planDir, "dev", "plan.json"), "utf8")) as { resources: unknown[] };
        assert.match(up.stdout, new RegExp(`Resources:\\s+\\+ ${planned.resources.length} created`));
        const rendered = objectsIn(path.join(project.dir, "rendered", "dev"));
        const manifests = objectsIn(path.join(planDir, "dev", "manifests"));
        assert.deepEqual([...rendered.keys()].sort(), [...manifests.keys()].sort());
        for (const [key, object] of manifests) assert.deepEqual(rendered.get(key), object, key);
    });

    it("a second preview finds no changes", () => {
        project.pulumi(["preview", "--expect-no-changes", "--stack", "dev"]);
    });

    it("the stack exports its outputs", () => {
        const outputs = JSON.parse(project.pulumi(["stack", "output", "--json", "--stack", "dev"]).stdout) as Record<string, unknown>;
        assert.deepEqual(outputs, {
            apps: { web: { image: "ghcr.io/acme/web:1.4.2", service: "web.dev.svc.cluster.local", strategy: "rolling", version: "1.4.2" } },
            environment: "dev",
            namespace: "dev",
            tier: "dev",
        });
    });

    it("runs what was edited: Pulumi.yaml's preload rebuilds dist/ when a source changed, and a type error stops the preview", () => {
        const file = path.join(project.dir, "stacks", "program.ts");
        const original = fs.readFileSync(file, "utf8");
        assert.ok(original.includes("tier: config.environment.tier,"));
        try {
            fs.writeFileSync(file, original.replace("tier: config.environment.tier,", "tier: `${config.environment.tier}-edited`,"));
            const edited = project.pulumi(["preview", "--diff", "--stack", "dev"]);
            assert.match(edited.output, /platform: stacks\/program\.ts changed since the last build; compiling/);
            assert.match(edited.stdout, /tier\s*:\s*"dev" => "dev-edited"/);
            fs.writeFileSync(file, `${original}\nconst broken: number = "a string";\n`);
            const failed = project.pulumi(["preview", "--stack", "dev"], { expectFailure: true });
            assert.match(failed.output, /stacks\/program\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
        } finally {
            fs.writeFileSync(file, original);
        }
        project.pulumi(["preview", "--expect-no-changes", "--stack", "dev"]);
    });

    it("pulumi destroy empties the stack and removes the rendered manifests", () => {
        project.pulumi(["destroy", "--yes", "--skip-preview", "--stack", "dev"]);
        assert.deepEqual(project.exportState("dev").deployment.resources ?? [], []);
        assert.equal(objectsIn(path.join(project.dir, "rendered", "dev")).size, 0);
    });
});
