// AudioWorklet: collects microphone samples, converts them to 16-bit PCM and posts them every ~100 ms with their RMS.
class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.block = Math.round(sampleRate / 10);
    this.buf = new Int16Array(this.block);
    this.n = 0;
    this.sum = 0;
  }
  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
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
