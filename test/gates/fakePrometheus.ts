import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** What the fake answers for one query: HTTP status and raw body text. */
export interface FakeAnswer {
  readonly status?: number;
  readonly body: string;
}

/** A vector result with one sample, as Prometheus's /api/v1/query returns it. */
export function vector(value: string): FakeAnswer {
  return {
    body: JSON.stringify({
      status: "success",
      data: { resultType: "vector", result: [{ metric: {}, value: [1_700_000_000.123, value] }] },
    }),
  };
}

export const emptyVector: FakeAnswer = {
  body: JSON.stringify({ status: "success", data: { resultType: "vector", result: [] } }),
};

/**
 * A local HTTP server on 127.0.0.1 that answers like Prometheus's instant-query API.
 * `answer` maps the PromQL text to a response; the queries received are recorded.
 */
export class FakePrometheus {
  readonly queries: string[] = [];
  private server?: http.Server;
  answer: (query: string) => FakeAnswer = () => emptyVector;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (req.method !== "GET" || url.pathname !== "/api/v1/query") {
        res.writeHead(404).end("not found");
        return;
      }
      const query = url.searchParams.get("query") ?? "";
      this.queries.push(query);
      const a = this.answer(query);
      res.writeHead(a.status ?? 200, { "content-type": "application/json" }).end(a.body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A URL on 127.0.0.1 whose port was just released, so connections are refused. */
export async function closedPortUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A health endpoint server: `statusFor(path)` decides each answer. */
export async function healthServer(statusFor: (path: string) => number): Promise<{ url: string; close: () => Promise<void> }> {
  const s = http.createServer((req, res) => {
    res.writeHead(statusFor(req.url ?? "/")).end("ok");
  });
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => s.close(() => resolve())) };
}
