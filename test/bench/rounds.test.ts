import * as assert from "node:assert/strict";
import { rotation } from "../../tools/bench/rounds";

describe("bench rounds", () => {
    it("runs every case once per round, each round starting one case further on", () => {
        const cases = ["a", "b", "c", "d"];
        const rounds = [0, 1, 2, 3, 4].map((r) => rotation(cases, r));
        for (const order of rounds) assert.deepEqual([...order].sort(), cases);
        assert.deepEqual(rounds.map((o) => o[0]), ["a", "b", "c", "d", "a"]);
        assert.deepEqual(rounds[1], ["b", "c", "d", "a"]);
        assert.deepEqual(rotation([], 3), []);
    });
});
