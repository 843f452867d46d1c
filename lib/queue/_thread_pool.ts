/**
 * Private: a few `_job_thread.ts` threads, each running one job at a time; a thread that crashes answers its job with
 * a retryable error and is replaced.
 *
 * @module
 */
import type { ThreadReply, ThreadRequest } from "./_job_thread.ts";

type Request = ThreadRequest extends infer R ? R extends ThreadRequest ? Omit<R, "id"> : never : never;

export class ThreadPool {
  #idle: Worker[] = [];
  #all = new Set<Worker>();
  #waiting: ((w: Worker) => void)[] = [];
  #next = 1;

  constructor(readonly size: number) {}

  #spawn(): Worker {
    const w = new Worker(new URL("./_job_thread.ts", import.meta.url), { type: "module" });
    this.#all.add(w);
    return w;
  }

  async #take(): Promise<Worker> {
    const w = this.#idle.pop();
    if (w) return w;
    if (this.#all.size < this.size) return this.#spawn();
    return await new Promise((resolve) => this.#waiting.push(resolve));
  }

  #give(w: Worker): void {
    const next = this.#waiting.shift();
    if (next) next(w);
    else this.#idle.push(w);
  }

  /** Run a job on the next free thread. */
  async run(request: Request): Promise<ThreadReply> {
    const w = await this.#take(), id = this.#next++;
    return await new Promise<ThreadReply>((resolve) => {
      w.onmessage = (e: MessageEvent<ThreadReply>) => {
        if (e.data.id !== id) return;
        resolve(e.data);
        this.#give(w);
      };
      w.onerror = (e) => {
        e.preventDefault();
        w.terminate();
        this.#all.delete(w);
        resolve({ id, ok: false, error: `job thread crashed: ${e.message}`, input: false });
        if (this.#waiting.length) this.#give(this.#spawn());
      };
      w.postMessage({ ...request, id });
    });
  }

  close(): void {
    for (const w of this.#all) w.terminate();
    this.#all.clear();
    this.#idle = [];
  }
}
