import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EngineLayout, engineEnvScript } from "../../tools/engine/layout";

// `source .engine/env.sh` is the README's way to use the engine built here: the CLI does not create a file
// backend's folder, so the first `pulumi stack select --create` failed until env.sh made it.
describe(".engine/env.sh", () => {
    it("points the CLI at the local backend and creates its folder, so the first stack command works without pulumi login", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "platform-env-"));
        try {
            const layout = new EngineLayout(root);
            fs.mkdirSync(layout.dir, { recursive: true });
            const script = path.join(layout.dir, "env.sh");
            fs.writeFileSync(script, engineEnvScript(layout));
            const out = execFileSync("bash", ["-c", `source "${script}" && echo "$PULUMI_BACKEND_URL" && test -d "${layout.state}" && echo made`], { encoding: "utf8" });
            assert.deepEqual(out.trim().split("\n"), [`file://${layout.state}`, "made"]);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});
