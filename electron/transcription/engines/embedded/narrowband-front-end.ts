/**
 * What 8 kHz telephone audio, upsampled to 16 kHz, looks like to a wideband acoustic model: nothing above
 * 4 kHz, so the model's upper mel filters sit at the log floor. This fills that band before decoding.
 * docs/design/embedded-narrowband-front-end.md.
 */

const RATE = 16_000;
const FRAME = 160;

/** A windowed-sinc FIR; `highPass` turns it into its spectral inverse. */
function firTaps(cutoffHz: number, half: number, highPass: boolean): Float32Array {
  const fc = cutoffHz / RATE;
  const taps = new Float32Array(half * 2 + 1);
  let total = 0;
  for (let i = -half; i <= half; i++) {
    const sinc = i === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * i) / (Math.PI * i);
    const window = 0.54 + 0.46 * Math.cos((Math.PI * i) / (half + 1));
    taps[i + half] = sinc * window;
    total += sinc * window;
  }
  for (let i = 0; i < taps.length; i++) taps[i] = (taps[i] ?? 0) / total;
  if (highPass) {
    for (let i = 0; i < taps.length; i++) taps[i] = -(taps[i] ?? 0);
    taps[half] = (taps[half] ?? 0) + 1;
  }
  return taps;
}

function convolve(x: Float32Array, taps: Float32Array): Float32Array {
  const half = (taps.length - 1) / 2;
  const out = new Float32Array(x.length);
  for (let n = 0; n < x.length; n++) {
    let sum = 0;
    for (let k = 0; k < taps.length; k++) {
      const i = n + half - k;
      if (i >= 0 && i < x.length) sum += (taps[k] ?? 0) * (x[i] ?? 0);
    }
    out[n] = sum;
  }
  return out;
}

/** Deterministic noise (a 32-bit LCG), so the same audio always decodes the same. */
function noise(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function frameRms(x: Float32Array): Float32Array {
  const frames = Math.ceil(x.length / FRAME);
  const rms = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    const end = Math.min(x.length, (f + 1) * FRAME);
    for (let i = f * FRAME; i < end; i++) sum += (x[i] ?? 0) ** 2;
    rms[f] = Math.sqrt(sum / Math.max(1, end - f * FRAME));
  }
  return rms;
}

/** Per-sample gain interpolated between frame centres, so the fill has no 100 Hz steps. */
function gainAt(rms: Float32Array, i: number): number {
  const pos = i / FRAME - 0.5;
  const f = Math.max(0, Math.min(rms.length - 1, Math.floor(pos)));
  const next = Math.min(rms.length - 1, f + 1);
  const frac = Math.max(0, Math.min(1, pos - f));
  return (rms[f] ?? 0) * (1 - frac) + (rms[next] ?? 0) * frac;
}

export type HighBandFill = { kind: 'noise'; gain: number; sourceHz: number } | { kind: 'fold'; gain: number; sourceHz: number };

/**
 * noise: white noise high-passed above 4 kHz, its level following the frame's energy in [sourceHz, 4 kHz]
 * times `gain`. fold: the [sourceHz, 4 kHz] band mirrored around 4 kHz (multiplying by (-1)^n maps f to
 * 8 kHz - f), times `gain`; unlike folding the whole band it does not put vowel energy at 7-8 kHz.
 */
export function fillHighBand(samples: Float32Array, fill: HighBandFill): Float32Array {
  const source = convolve(samples, firTaps(fill.sourceHz, 40, true));
  const out = new Float32Array(samples.length);
  if (fill.kind === 'fold') {
    // The mirror of [sourceHz, 3.6 kHz] lands in [4.4 kHz, 8 kHz - sourceHz].
    for (let i = 0; i < samples.length; i++) out[i] = (samples[i] ?? 0) + fill.gain * (i % 2 === 0 ? 1 : -1) * (source[i] ?? 0);
    return out;
  }
  const high = convolve(noise(samples.length, 0x5eed), firTaps(4200, 40, true));
  const noiseRms = Math.sqrt(high.reduce((s, v) => s + v * v, 0) / Math.max(1, high.length)) || 1;
  const level = frameRms(source);
  for (let i = 0; i < samples.length; i++) out[i] = (samples[i] ?? 0) + (fill.gain * gainAt(level, i) * (high[i] ?? 0)) / noiseRms;
  return out;
}

/** Experiment hook: CR_NB_FILL=noise:0.5:2800 or fold:0.3:2000. */
export function fillFromEnv(): HighBandFill | undefined {
  const spec = process.env.CR_NB_FILL;
  if (!spec) return undefined;
  const [kind, gain, source] = spec.split(':');
  if (kind !== 'noise' && kind !== 'fold') return undefined;
  return { kind, gain: Number(gain ?? 0.5), sourceHz: Number(source ?? 2800) };
}
