import { describe, expect, it } from 'vitest';
import { StreamingResampler } from '../../../electron/transcription/audio/resampler';

/** Power of one frequency in a signal (Goertzel), skipping the filters' start-up. */
function power(x: Float32Array, rate: number, hz: number): number {
  const w = (2 * Math.PI * hz) / rate;
  let re = 0;
  let im = 0;
  for (let n = 200; n < x.length; n++) {
    re += x[n]! * Math.cos(w * n);
    im -= x[n]! * Math.sin(w * n);
  }
  return re * re + im * im;
}

function tone(rate: number, hz: number, seconds: number): Float32Array {
  return Float32Array.from({ length: rate * seconds }, (_, n) => 0.5 * Math.sin((2 * Math.PI * hz * n) / rate));
}

/** Converts block by block, as the decoder feeds it. */
function convert(input: Float32Array, from: number, to: number, block = 1000): Float32Array {
  const r = new StreamingResampler(from, to);
  const parts: Float32Array[] = [];
  for (let i = 0; i < input.length; i += block) parts.push(r.process(input.subarray(i, i + block)));
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('StreamingResampler', () => {
  it('upsamples 8 kHz to 16 kHz without a mirror image above the old Nyquist', () => {
    const out = convert(tone(8000, 3000, 1), 8000, 16000);
    expect(out.length).toBeGreaterThan(15_900);
    const signal = power(out, 16000, 3000);
    const image = power(out, 16000, 5000); // 8 kHz - 3 kHz, where linear interpolation alone leaves the tone at -10 dB
    expect(10 * Math.log10(image / signal)).toBeLessThan(-30);
  });

  it('keeps the speech band when upsampling', () => {
    const input = tone(8000, 1000, 1);
    const out = convert(input, 8000, 16000);
    const ratio = power(out, 16000, 1000) / power(input, 8000, 1000);
    // Twice the samples, the same amplitude: four times the Goertzel power, within a decibel.
    expect(Math.abs(10 * Math.log10(ratio / 4))).toBeLessThan(1);
  });

  it('low-passes before downsampling, so 7 kHz does not fold into the 16 kHz band', () => {
    const out = convert(tone(44100, 9000, 1), 44100, 16000);
    const inBand = convert(tone(44100, 3000, 1), 44100, 16000);
    // 9 kHz would alias to 7 kHz at 16 kHz.
    expect(10 * Math.log10(power(out, 16000, 7000) / power(inBand, 16000, 3000))).toBeLessThan(-30);
  });
});
