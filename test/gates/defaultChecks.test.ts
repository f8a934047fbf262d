import * as assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { defaultChecks, type Check } from "../../gates/gate";
import { parseDuration } from "../../stacks/schema/common";

const CANARY = 'namespace="shop",app="checkout",track="canary"';

function promtoolAvailable(): boolean {
  try {
    execFileSync("promtool", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Evaluates `(query) op bool threshold` with `promtool test rules` over synthetic series:
 * 1 means the gate would pass the check, 0 that it would fail. Resolves promtool's output
 * and exit code; exit 0 means every expected value matched.
 */
function promtoolExpect(series: Array<[string, string]>, expectations: Array<[Check, 0 | 1]>): Promise<{ code: number; out: string }> {
  const lines = [
    "rule_files: []",
    "evaluation_interval: 1m",
    "tests:",
    "  - interval: 1m",
    "    input_series:",
    ...series.flatMap(([s, v]) => [`      - series: ${JSON.stringify(s)}`, `        values: ${JSON.stringify(v)}`]),
    "    promql_expr_test:",
    ...expectations.flatMap(([c, want]) => [
      `      - expr: ${JSON.stringify(`(${c.query}) ${c.op} bool ${c.threshold}`)}`,
      "        eval_time: 5m",
      "        exp_samples:",
      `          - value: ${want}`,
    ]),
  ];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gate-promtool-"));
  const file = path.join(dir, "test.yml");
  fs.writeFileSync(file, lines.join("\n") + "\n");
  return new Promise((resolve) => {
    execFile("promtool", ["test", "rules", file], (err, stdout, stderr) => {
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

describe("defaultChecks (Flagger-like defaults)", () => {
  const [success, latency] = defaultChecks({ namespace: "shop", app: "checkout" });

  it("builds the documented PromQL and thresholds", () => {
    assert.deepEqual(success, {
      name: "request-success-rate",
      query: `sum(rate(http_requests_total{${CANARY},code!~"5.."}[1m])) / sum(rate(http_requests_total{${CANARY}}[1m]))`,
      op: ">=",
      threshold: 0.99,
    });
    assert.deepEqual(latency, {
      name: "request-duration-p99",
      query: `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${CANARY}}[1m])))`,
      op: "<=",
      threshold: 0.5,
    });
  });

  it("parses with the Prometheus PromQL grammar (lezer-promql), including escaped label values", async () => {
    const { parser } = await import("@prometheus-io/lezer-promql");
    const tricky = defaultChecks({ namespace: "ns", app: 'we"ird\\app', track: "stable", window: "5m" });
    for (const c of [success, latency, ...tricky]) {
      let errors = 0;
      parser.parse(c.query).iterate({ enter: (n) => void (n.type.isError && errors++) });
      assert.equal(errors, 0, `PromQL parse errors in ${c.query}`);
    }
    assert.ok(tricky[0].query.includes('app="we\\"ird\\\\app"'));
  });

  it("rejects bad options with messages naming the option", () => {
    assert.throws(() => defaultChecks({ namespace: "", app: "a" }), /namespace must be a non-empty string/);
    assert.throws(() => defaultChecks({ namespace: "n", app: "a", window: "1 minute" }), /window must be a PromQL duration/);
    assert.throws(() => defaultChecks({ namespace: "n", app: "a", minSuccessRate: 99 }), /minSuccessRate must be in \(0, 1\], got 99/);
  });

  describe("evaluated by promtool over synthetic series", function () {
    before(function () {
      if (!promtoolAvailable()) this.skip();
    });

    it("passes a healthy canary and ignores the stable track's errors", async () => {
      const r = await promtoolExpect(
        [
          [`http_requests_total{${CANARY},code="200"}`, "0+995x10"],
          [`http_requests_total{${CANARY},code="503"}`, "0+5x10"],
          ['http_requests_total{namespace="shop",app="checkout",track="stable",code="500"}', "0+500x10"],
          [`http_request_duration_seconds_bucket{${CANARY},le="0.1"}`, "0+900x10"],
          [`http_request_duration_seconds_bucket{${CANARY},le="0.5"}`, "0+1000x10"],
          [`http_request_duration_seconds_bucket{${CANARY},le="+Inf"}`, "0+1000x10"],
        ],
        [
          [success, 1],
          [latency, 1],
        ],
      );
      assert.equal(r.code, 0, r.out);
    });

    it("fails a canary with 2% 5xx and a slow p99", async () => {
      const r = await promtoolExpect(
        [
          [`http_requests_total{${CANARY},code="200"}`, "0+98x10"],
          [`http_requests_total{${CANARY},code="500"}`, "0+2x10"],
          [`http_request_duration_seconds_bucket{${CANARY},le="0.5"}`, "0+90x10"],
          [`http_request_duration_seconds_bucket{${CANARY},le="1"}`, "0+100x10"],
          [`http_request_duration_seconds_bucket{${CANARY},le="+Inf"}`, "0+100x10"],
        ],
        [
          [success, 0],
          [latency, 0],
        ],
      );
      assert.equal(r.code, 0, r.out);
    });
  });
});

describe("the gate program reads durations as the stack schema does (#23 validators)", () => {
    it("accepts exactly the durations the schema accepts: each unit once, largest first", () => {
        const table = ["1m", "30s", "1h30m", "5ms", "1m5ms", "0s", "1y2w3d4h5m6s7ms", "90m", "30m1h", "5m5m", "5s1m", "", "1.5m", "m", "1 m", "-1m", "1M", "1m ", "10ms5s"];
        const gateAccepts = (window: string) => {
            try {
                defaultChecks({ namespace: "shop", app: "checkout", window });
                return true;
            } catch {
                return false;
            }
        };
        const disagree = table.filter((d) => gateAccepts(d) !== (parseDuration(d) !== undefined));
        assert.deepStrictEqual(disagree, []);
        assert.deepStrictEqual(table.filter(gateAccepts), ["1m", "30s", "1h30m", "5ms", "1m5ms", "0s", "1y2w3d4h5m6s7ms", "90m"]);
    });
});
