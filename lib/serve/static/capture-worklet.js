// Built by ./ser build-page from lib/page/capture_worklet.ts: edit the TypeScript, not this file.
// lib/page/capture_worklet.ts
var CaptureProcessor = class extends AudioWorkletProcessor {
  block = Math.round(sampleRate / 10);
  buf = new Int16Array(this.block);
  n = 0;
  sum = 0;
  process(inputs) {
    const ch = inputs[0]?.[0];
    if (!ch) return true;
    for (let i = 0; i < ch.length; i++) {
      const v = Math.max(-1, Math.min(1, ch[i]));
      this.sum += v * v;
      this.buf[this.n++] = v < 0 ? v * 32768 : v * 32767;
      if (this.n === this.block) {
        const rms = Math.sqrt(this.sum / this.block);
        this.port.postMessage({
          pcm: this.buf.buffer,
          rms
        }, [
          this.buf.buffer
        ]);
        this.buf = new Int16Array(this.block);
        this.n = 0;
        this.sum = 0;
      }
    }
    return true;
  }
};
registerProcessor("capture-processor", CaptureProcessor);
