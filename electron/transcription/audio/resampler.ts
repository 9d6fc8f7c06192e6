/**
 * Streaming sample-rate converter: linear interpolation between windowed-sinc low-passes. Going down, the
 * filter comes first, so speech above the new Nyquist does not alias into the band the recogniser listens to.
 * Going up (8 kHz telephone audio to 16 kHz), it comes after: linear interpolation leaves a mirror image of
 * the speech above the old Nyquist, which the recogniser's 16 kHz model hears as false high-frequency
 * energy (removing it took tracker recall kept on 8 kHz dev calls from 20% to 32%: docs/design/embedded-call-centre-lm.md).
 * Keeps its state between blocks so a file can be converted piece by piece.
 */
export class StreamingResampler {
  private readonly step: number;
  private readonly before: FirFilter | undefined;
  private readonly after: FirFilter | undefined;
  private pending: Float32Array = new Float32Array(0);
  private position = 0;

  constructor(
    readonly inputRate: number,
    readonly outputRate: number,
  ) {
    this.step = inputRate / outputRate;
    if (inputRate > outputRate) this.before = new FirFilter(lowPassTaps(inputRate, outputRate));
    // Sharper going up (65 taps from 8 kHz): the image starts right at the old Nyquist.
    if (inputRate < outputRate) this.after = new FirFilter(lowPassTaps(outputRate, inputRate, 16));
  }

  process(input: Float32Array): Float32Array {
    if (this.inputRate === this.outputRate) return input;
    const interpolated = this.interpolate(this.before ? this.before.process(input) : input);
    return this.after ? this.after.process(interpolated) : interpolated;
  }

  private interpolate(filtered: Float32Array): Float32Array {
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
}

/** A streaming FIR filter: keeps the last samples of a block for the start of the next. */
class FirFilter {
  private history: Float32Array;

  constructor(private readonly taps: Float32Array) {
    this.history = new Float32Array(taps.length - 1);
  }

  process(input: Float32Array): Float32Array {
    const taps = this.taps;
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

/** Low-pass a little under the lower rate's Nyquist, at the higher rate (cycles per sample of `highRate`). */
function lowPassTaps(highRate: number, lowRate: number, tapsPerRatio = 8): Float32Array {
  return windowedSincLowPass((0.45 * lowRate) / highRate, Math.ceil((highRate / lowRate) * tapsPerRatio));
}

/** Hamming-windowed sinc low-pass, `2 * half + 1` taps, cut-off in cycles per sample, unity gain at DC. */
export function windowedSincLowPass(cutoff: number, half: number): Float32Array {
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
