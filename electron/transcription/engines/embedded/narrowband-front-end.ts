/**
 * What 8 kHz telephone audio, upsampled to 16 kHz, looks like to a wideband acoustic model: nothing above
 * 4 kHz, so the model's upper mel filters sit at the log floor. This fills that band before decoding.
 * docs/design/embedded-8khz-front-end-and-decoder-tries.md.
 */

import { windowedSincLowPass } from '../../audio/resampler';

const RATE = 16_000;
const FRAME = 160;
/** The band whose energy sets the fill's level: the top of what a telephone line carries. */
const SOURCE_HZ = 2800;
/** Just above the resampler's 3.6 kHz low-pass and the old 4 kHz Nyquist. */
const FILL_FROM_HZ = 4200;
const HALF_TAPS = 40;
const SEED = 0x5eed;

/** The high-pass as the spectral inverse of the low-pass at the same cut-off. */
function highPassTaps(cutoffHz: number): Float32Array {
  const taps = windowedSincLowPass(cutoffHz / RATE, HALF_TAPS);
  for (let i = 0; i < taps.length; i++) taps[i] = -(taps[i] ?? 0);
  taps[HALF_TAPS] = (taps[HALF_TAPS] ?? 0) + 1;
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

/**
 * Adds white noise high-passed above 4.2 kHz, its level following each 10 ms frame's energy between 2.8 kHz and
 * the top of the telephone band, times `gain`. A deterministic seed keeps every decode of the same audio the same.
 */
export function fillHighBand(samples: Float32Array, gain: number): Float32Array {
  const level = frameRms(convolve(samples, highPassTaps(SOURCE_HZ)));
  const high = convolve(noise(samples.length, SEED), highPassTaps(FILL_FROM_HZ));
  const noiseRms = Math.sqrt(high.reduce((s, v) => s + v * v, 0) / Math.max(1, high.length)) || 1;
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = (samples[i] ?? 0) + (gain * gainAt(level, i) * (high[i] ?? 0)) / noiseRms;
  return out;
}
