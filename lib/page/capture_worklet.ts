/**
 * The microphone's AudioWorklet (bundled to `lib/serve/static/capture-worklet.js`): collects samples, converts them to
 * 16-bit PCM and posts them every ~100 ms with their RMS (for the level meter).
 *
 * @module
 */

/** What the AudioWorklet global scope provides (not in Deno's DOM types). */
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new () => AudioWorkletProcessor): void;

/** 100 ms blocks of 16-bit PCM, each posted with its RMS (0–1). */
class CaptureProcessor extends AudioWorkletProcessor {
  block = Math.round(sampleRate / 10);
  buf = new Int16Array(this.block);
  n = 0;
  sum = 0;

  process(inputs: Float32Array[][]): boolean {
    const ch = inputs[0]?.[0];
    if (!ch) return true;
    for (let i = 0; i < ch.length; i++) {
      const v = Math.max(-1, Math.min(1, ch[i]));
      this.sum += v * v;
      this.buf[this.n++] = v < 0 ? v * 32768 : v * 32767;
      if (this.n === this.block) {
        const rms = Math.sqrt(this.sum / this.block);
        this.port.postMessage({ pcm: this.buf.buffer, rms }, [this.buf.buffer]);
        this.buf = new Int16Array(this.block);
        this.n = 0;
        this.sum = 0;
      }
    }
    return true;
  }
}

registerProcessor("capture-processor", CaptureProcessor);
