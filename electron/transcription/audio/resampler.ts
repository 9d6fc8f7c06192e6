/**
 * Streaming sample-rate converter: a windowed-sinc low-pass (when going down, so speech above the new
 * Nyquist does not alias into the band the recogniser listens to) followed by linear interpolation.
 * Keeps its state between blocks so a file can be converted piece by piece.
 */
export class StreamingResampler {
  private readonly step: number;
  private readonly taps: Float32Array | undefined;
  private history: Float32Array;
  private pending: Float32Array = new Float32Array(0);
  private position = 0;

  constructor(
    readonly inputRate: number,
    readonly outputRate: number,
  ) {
    this.step = inputRate / outputRate;
    this.taps = inputRate > outputRate ? lowPassTaps(inputRate, outputRate) : undefined;
    this.history = new Float32Array(this.taps ? this.taps.length - 1 : 0);
  }

  process(input: Float32Array): Float32Array {
    if (this.inputRate === this.outputRate) return input;
    const filtered = this.filter(input);
    const merged = new Float32Array(this.pending.length + filtered.length);
    merged.set(this.pending, 0);
    merged.set(filtered, this.pending.length);
    const count = Math.max(0, Math.ceil((merged.length - 1 - this.position) / this.step));
    const output = new Float32Array(count);
    let pos = this.position;
    for (let i = 0; i < count; i++) {
      const index = Math.floor(pos);
      const frac = pos - index;
      const a = merged[index] ?? 0;
      const b = merged[index + 1] ?? a;
      output[i] = a + (b - a) * frac;
      pos += this.step;
    }
    const consumed = Math.min(Math.floor(pos), merged.length);
    this.pending = merged.slice(consumed);
    this.position = pos - consumed;
    return output;
  }

  private filter(input: Float32Array): Float32Array {
    const taps = this.taps;
    if (!taps) return input;
    const order = taps.length - 1;
    const extended = new Float32Array(order + input.length);
    extended.set(this.history, 0);
    extended.set(input, order);
    const output = new Float32Array(input.length);
    for (let n = 0; n < input.length; n++) {
      let sum = 0;
      for (let k = 0; k <= order; k++) sum += (taps[k] ?? 0) * (extended[n + order - k] ?? 0);
      output[n] = sum;
    }
    this.history = extended.slice(extended.length - order);
    return output;
  }
}

function lowPassTaps(inputRate: number, outputRate: number): Float32Array {
  const cutoff = (0.45 * outputRate) / inputRate; // cycles per input sample, a little under the new Nyquist
  const half = Math.ceil((inputRate / outputRate) * 8);
  const taps = new Float32Array(half * 2 + 1);
  let total = 0;
  for (let i = -half; i <= half; i++) {
    const sinc = i === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * i) / (Math.PI * i);
    const window = 0.54 + 0.46 * Math.cos((Math.PI * i) / (half + 1));
    const value = sinc * window;
    taps[i + half] = value;
    total += value;
  }
  for (let i = 0; i < taps.length; i++) taps[i] = (taps[i] ?? 0) / total;
  return taps;
}
