import * as assert from "node:assert/strict";
import { configProblems, rawValues } from "../support/config";

describe("platform:rbac", () => {
    const problems = (rbac: unknown) => configProblems({ ...rawValues("dev"), rbac }, "dev");
    const refused = (key: string, group: string) =>
        `platform:rbac.${key}: expected an identity-provider group, not one of Kubernetes' own "system:" groups (system:authenticated is every signed-in user, system:serviceaccounts every workload's token), found "${group}"`;

    it("refuses every Kubernetes system: group for every role, all at once", () => {
        assert.deepEqual(problems({ admins: ["platform-admins", "system:masters"], developers: ["system:serviceaccounts", "system:serviceaccounts:dev"], viewers: ["system:authenticated"] }), [
            refused("admins[1]", "system:masters"),
            refused("developers[0]", "system:serviceaccounts"),
            refused("developers[1]", "system:serviceaccounts:dev"),
            refused("viewers[0]", "system:authenticated"),
        ]);
    });

    it("accepts identity-provider groups, including ones that merely mention system", () => {
        assert.deepEqual(problems({ admins: ["platform-admins"], developers: ["ops:system-team"], viewers: ["everyone"] }), []);
    });
});
