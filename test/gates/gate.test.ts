import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import * as gate from "../../gates/gate";
import { closedPortUrl, emptyVector, FakePrometheus, healthServer, vector } from "./fakePrometheus";
import { repoRoot } from "../support/plan";

const GATE_JS = path.join(repoRoot, "gates", "gate.js");
const CHECKS = gate.defaultChecks({ namespace: "shop", app: "checkout" });
const [SUCCESS, LATENCY] = CHECKS.map((c) => c.query);

/** Runs the real program as `node gates/gate.js` with only the given env (plus PATH). */
function runGate(env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GATE_JS], { env: { PATH: process.env.PATH ?? "", ...env } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, lines: out.trim().split("\n") }));
  });
}

function analysisEnv(prometheusUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return { GATE_MODE: "analysis", GATE_PROMETHEUS_URL: prometheusUrl, GATE_CHECKS: JSON.stringify(CHECKS), GATE_RETRIES: "0", ...extra };
}

async function runAnalysisIn(url: string, extra: Record<string, string> = {}): Promise<{ passed: boolean; lines: string[] }> {
  const lines: string[] = [];
  const config = gate.parseConfig(analysisEnv(url, extra));
  assert.equal(config.mode, "analysis");
  const passed = await gate.runAnalysis(config as gate.AnalysisConfig, (l) => lines.push(l));
  return { passed, lines };
}

describe("gate program: analysis against a fake Prometheus", () => {
  const prom = new FakePrometheus();
  let url = "";
  before(async () => (url = await prom.start()));
  after(() => prom.stop());
  beforeEach(() => (prom.queries.length = 0));

  const healthy = (q: string) => (q === SUCCESS ? vector("0.995") : q === LATENCY ? vector("0.231") : emptyVector);

  it("passes on healthy metrics (child process, exit 0, one line per check)", async () => {
    prom.answer = healthy;
    const { code, lines } = await runGate(analysisEnv(url, { GATE_NAME: "checkout-step-1" }));
    assert.deepEqual(lines, [
      "GATE START name=checkout-step-1 mode=analysis checks=2 samples=1",
      "PASS check=request-success-rate sample=1/1 value=0.995 want >= 0.99",
      "PASS check=request-duration-p99 sample=1/1 value=0.231 want <= 0.5",
      "GATE PASSED name=checkout-step-1 mode=analysis",
    ]);
    assert.equal(code, 0);
    assert.deepEqual(prom.queries, [SUCCESS, LATENCY], "the exact PromQL reaches Prometheus, URL-decoded");
  });

  it("fails on a breached error rate (child process, exit 1)", async () => {
    prom.answer = (q) => (q === SUCCESS ? vector("0.97") : vector("0.1"));
    const { code, lines } = await runGate(analysisEnv(url));
    assert.equal(code, 1);
    assert.equal(lines[1], "FAIL check=request-success-rate sample=1/1 value=0.97 want >= 0.99");
    assert.equal(lines.at(-1), "GATE FAILED name=analysis mode=analysis");
    assert.deepEqual(prom.queries, [SUCCESS], "fails fast: the latency check is not queried");
  });

  it("fails on breached p99 latency", async () => {
    prom.answer = (q) => (q === SUCCESS ? vector("1") : vector("0.75"));
    const r = await runAnalysisIn(url);
    assert.equal(r.passed, false);
    assert.equal(r.lines.at(-1), "FAIL check=request-duration-p99 sample=1/1 value=0.75 want <= 0.5");
  });

  it("fails on +Inf latency (histogram_quantile beyond the last finite bucket)", async () => {
    prom.answer = (q) => (q === SUCCESS ? vector("1") : vector("+Inf"));
    assert.equal((await runAnalysisIn(url)).passed, false);
  });

  it("fails on an empty result (no data)", async () => {
    prom.answer = () => emptyVector;
    const r = await runAnalysisIn(url);
    assert.equal(r.passed, false);
    assert.equal(r.lines[0], 'FAIL check=request-success-rate sample=1/1 reason="no data (empty result)"');
  });

  it("fails on NaN (0/0 when the canary got no traffic)", async () => {
    prom.answer = () => vector("NaN");
    const r = await runAnalysisIn(url);
    assert.equal(r.passed, false);
    assert.match(r.lines[0], /^FAIL check=request-success-rate .*value=NaN .*no traffic/);
  });

  it("fails on an unreachable endpoint (closed port, child process, exit 1)", async () => {
    const { code, lines } = await runGate(analysisEnv(await closedPortUrl()));
    assert.equal(code, 1);
    assert.equal(lines[1], 'FAIL check=request-success-rate sample=1/1 reason="unreachable: ECONNREFUSED"');
  });

  it("fails on a timeout (a server that never answers)", async () => {
    const hang = http.createServer(() => undefined);
    await new Promise<void>((r) => hang.listen(0, "127.0.0.1", r));
    const hangUrl = `http://127.0.0.1:${(hang.address() as AddressInfo).port}`;
    try {
      const r = await runAnalysisIn(hangUrl, { GATE_TIMEOUT_SECONDS: "0.2" });
      assert.equal(r.passed, false);
      assert.equal(r.lines[0], 'FAIL check=request-success-rate sample=1/1 reason="timed out after 0.2s"');
    } finally {
      hang.closeAllConnections();
      await new Promise<void>((r) => hang.close(() => r()));
    }
  });

  it("fails on a non-JSON response", async () => {
    prom.answer = () => ({ body: "<html>502 Bad Gateway</html>", status: 200 });
    const r = await runAnalysisIn(url);
    assert.equal(r.passed, false);
    assert.match(r.lines[0], /reason="malformed response \(HTTP 200, not JSON\)"/);
  });

  it("fails on JSON without data", async () => {
    prom.answer = () => ({ body: JSON.stringify({ status: "success" }) });
    const r = await runAnalysisIn(url);
    assert.equal(r.passed, false);
    assert.match(r.lines[0], /reason="malformed response \(no data\)"/);
  });

  it("fails when status is not success and reports Prometheus's error", async () => {
    prom.answer = () => ({ status: 400, body: JSON.stringify({ status: "error", errorType: "bad_data", error: "parse error" }) });
    const r = await runAnalysisIn(url);
    assert.equal(r.passed, false);
    assert.match(r.lines[0], /reason="query failed \(HTTP 400, status "error"\): bad_data: parse error"/);
  });

  it("retries a 5xx and passes when Prometheus recovers", async () => {
    let calls = 0;
    prom.answer = (q) => (q === SUCCESS && calls++ === 0 ? { status: 503, body: "unavailable" } : healthy(q));
    const r = await runAnalysisIn(url, { GATE_RETRIES: "1", GATE_RETRY_DELAY_SECONDS: "0" });
    assert.equal(r.passed, true);
    assert.deepEqual(prom.queries, [SUCCESS, SUCCESS, LATENCY]);
  });

  it("samples repeatedly and fails when a later sample breaches", async () => {
    let n = 0;
    prom.answer = (q) => (q === SUCCESS ? vector(n++ < 2 ? "0.999" : "0.5") : vector("0.1"));
    const r = await runAnalysisIn(url, { GATE_SAMPLES: "3", GATE_INTERVAL_SECONDS: "0.01" });
    assert.equal(r.passed, false);
    assert.equal(r.lines.at(-1), "FAIL check=request-success-rate sample=3/3 value=0.5 want >= 0.99");
    assert.equal(r.lines.filter((l) => l.startsWith("PASS")).length, 4);
  });

  it("fails on more than one series (an unaggregated query is ambiguous)", () => {
    const two = { status: "success", data: { resultType: "vector", result: [{ metric: {}, value: [1, "1"] }, { metric: {}, value: [1, "1"] }] } };
    const r = gate.parseQueryResponse(200, JSON.stringify(two));
    assert.deepEqual(r, { ok: false, reason: "ambiguous result (2 series, expected 1; aggregate the query)" });
  });

  it("accepts scalar results", () => {
    const r = gate.parseQueryResponse(200, JSON.stringify({ status: "success", data: { resultType: "scalar", result: [1, "0.42"] } }));
    assert.deepEqual(r, { ok: true, value: 0.42 });
  });
});

describe("gate program: smoke", () => {
  let server: { url: string; close: () => Promise<void> };
  before(async () => (server = await healthServer((p) => (p === "/healthz" || p === "/ready" ? 200 : 503))));
  after(() => server.close());

  it("passes when every URL answers 2xx (child process, exit 0)", async () => {
    const urls = `${server.url}/healthz,${server.url}/ready`;
    const { code, lines } = await runGate({ GATE_MODE: "smoke", GATE_URLS: urls, GATE_RETRIES: "0" });
    assert.deepEqual(lines, [
      "GATE START name=smoke mode=smoke urls=2 samples=1",
      `PASS url=${server.url}/healthz sample=1/1 attempts=1 status=200`,
      `PASS url=${server.url}/ready sample=1/1 attempts=1 status=200`,
      "GATE PASSED name=smoke mode=smoke",
    ]);
    assert.equal(code, 0);
  });

  it("fails on a non-2xx answer after its retries (child process, exit 1)", async () => {
    const env = { GATE_MODE: "smoke", GATE_URLS: `${server.url}/healthz ${server.url}/broken`, GATE_RETRIES: "2", GATE_RETRY_DELAY_SECONDS: "0" };
    const { code, lines } = await runGate(env);
    assert.equal(code, 1);
    assert.equal(lines[2], `FAIL url=${server.url}/broken sample=1/1 attempts=3 reason="status 503, want 2xx"`);
  });

  it("fails when the expected status differs", async () => {
    const config = gate.parseConfig({ GATE_MODE: "smoke", GATE_URLS: `${server.url}/healthz`, GATE_EXPECTED_STATUS: "204", GATE_RETRIES: "0" });
    assert.equal(await gate.runSmoke(config as gate.SmokeConfig, () => undefined), false);
  });

  it("fails on an unreachable URL", async () => {
    const config = gate.parseConfig({ GATE_MODE: "smoke", GATE_URLS: `${await closedPortUrl()}/healthz`, GATE_RETRIES: "0" });
    const lines: string[] = [];
    assert.equal(await gate.runSmoke(config as gate.SmokeConfig, (l) => lines.push(l)), false);
    assert.match(lines[0], /reason="unreachable: ECONNREFUSED"$/);
  });
});

describe("gate program: configuration errors exit 2", () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ["missing mode", {}, /GATE_MODE must be one of "smoke", "analysis", "release", "handover", got undefined/],
    ["smoke without URLs", { GATE_MODE: "smoke" }, /GATE_URLS is required/],
    ["non-http URL", { GATE_MODE: "smoke", GATE_URLS: "file:///etc/passwd" }, /GATE_URLS must use http or https/],
    ["analysis without Prometheus", { GATE_MODE: "analysis", GATE_CHECKS: "[]" }, /GATE_PROMETHEUS_URL is required/],
    ["checks not JSON", { GATE_MODE: "analysis", GATE_PROMETHEUS_URL: "http://p:9090", GATE_CHECKS: "{" }, /GATE_CHECKS is not valid JSON/],
    ["empty checks", { GATE_MODE: "analysis", GATE_PROMETHEUS_URL: "http://p:9090", GATE_CHECKS: "[]" }, /non-empty JSON array/],
    [
      "bad op",
      { GATE_MODE: "analysis", GATE_PROMETHEUS_URL: "http://p:9090", GATE_CHECKS: JSON.stringify([{ name: "a", query: "up", op: "<", threshold: 1 }]) },
      /GATE_CHECKS\[0\] \(a\)\.op must be "<=" or ">=", got "<"/,
    ],
    [
      "threshold as string",
      { GATE_MODE: "analysis", GATE_PROMETHEUS_URL: "http://p:9090", GATE_CHECKS: JSON.stringify([{ name: "a", query: "up", op: ">=", threshold: "1" }]) },
      /threshold must be a finite number/,
    ],
    ["zero samples", { GATE_MODE: "smoke", GATE_URLS: "http://a/", GATE_SAMPLES: "0" }, /GATE_SAMPLES must be an integer between 1 and 1000, got "0"/],
  ];
  for (const [title, env, message] of cases) {
    it(`rejects ${title}`, async () => {
      const lines: string[] = [];
      assert.equal(await gate.main(env, (l) => lines.push(l)), 2);
      assert.match(lines[0], /^GATE CONFIG ERROR /);
      assert.match(lines[0], message);
    });
  }

  it("exits 2 as a process too", async () => {
    const { code, lines } = await runGate({ GATE_MODE: "canary" });
    assert.equal(code, 2);
    assert.deepEqual(lines, ['GATE CONFIG ERROR GATE_MODE must be one of "smoke", "analysis", "release", "handover", got "canary"']);
  });
});
