import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/**
 * `/metrics` of all workers from whichever worker is asked: the worker serving the scrape asks
 * the primary over IPC, the primary gathers every worker's registries (prom-client's
 * AggregatorRegistry, which asks each worker over IPC in turn) and answers with the text.
 * Every series carries a `worker` label, so nothing is summed across workers.
 */
const REQUEST = 'minga:metrics-request';
const RESPONSE = 'minga:metrics-response';
const ANSWER_TIMEOUT_MS = 6_000;

interface MetricsResponse {
  type: typeof RESPONSE;
  id: number;
  text?: string;
  error?: string;
}

/** In the primary: answers workers' requests for the whole cluster's metrics. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker: Worker, message: { type?: string; id?: number }) => {
    if (message?.type !== REQUEST) return;
    const answer = (body: Omit<MetricsResponse, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: RESPONSE, id: message.id, ...body }, () => {});
    };
    void aggregator.clusterMetrics().then(
      (text) => answer({ text }),
      (error: Error) => answer({ error: error.message }),
    );
  });
}

let nextId = 0;
const waiting = new Map<number, (response: MetricsResponse) => void>();
let listening = false;

/** In a worker: offers these registries to the primary's gathering. */
let offering = false;
export function offerWorkerMetrics(registries: Registry[]): void {
  AggregatorRegistry.setRegistries(registries);
  // prom-client answers the primary's requests only once an AggregatorRegistry exists here.
  if (!offering) new AggregatorRegistry();
  offering = true;
}

/** In a worker: the metrics of every worker, as the primary gathered them. */
export function clusterMetricsText(): Promise<string> {
  if (!listening) {
    listening = true;
    process.on('message', (message: MetricsResponse) => {
      if (message?.type !== RESPONSE) return;
      waiting.get(message.id)?.(message);
    });
  }
  const id = nextId++;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => settle({ type: RESPONSE, id, error: 'the primary did not answer in time' }), ANSWER_TIMEOUT_MS);
    function settle(response: MetricsResponse) {
      clearTimeout(timer);
      waiting.delete(id);
      if (response.text !== undefined) resolve(response.text);
      else reject(new Error(response.error ?? 'no metrics'));
    }
    waiting.set(id, settle);
    process.send!({ type: REQUEST, id }, (error: Error | null) => {
      if (error) settle({ type: RESPONSE, id, error: error.message });
    });
  });
}
