import { describe, expect, it } from 'vitest';
import { fillHighBand } from '../../../electron/transcription/engines/embedded/narrowband-front-end';

/** Power of one frequency in a signal (Goertzel), skipping the filters' start-up. */
function power(x: Float32Array, hz: number): number {
  const w = (2 * Math.PI * hz) / 16000;
  let re = 0;
  let im = 0;
  for (let n = 200; n < x.length - 200; n++) {
    re += x[n]! * Math.cos(w * n);
    im -= x[n]! * Math.sin(w * n);
  }
  return re * re + im * im;
}

function band(x: Float32Array, from: number, to: number): number {
  let total = 0;
  for (let hz = from; hz <= to; hz += 50) total += power(x, hz);
  return total;
}

const tone = (hz: number, amplitude: number): Float32Array =>
  Float32Array.from({ length: 16000 }, (_, n) => amplitude * Math.sin((2 * Math.PI * hz * n) / 16000));

describe('fillHighBand', () => {
  it('puts energy above 4 kHz that follows the top of the telephone band and leaves the band itself alone', () => {
    const high = fillHighBand(tone(3200, 0.3), 1.5);
    const low = fillHighBand(tone(1000, 0.3), 1.5);
    // A 3.2 kHz tone lifts the 4.5-7.5 kHz band; a 1 kHz tone (nothing above 2.8 kHz) barely does.
    expect(band(high, 4500, 7500)).toBeGreaterThan(100 * band(low, 4500, 7500));
    // The speech band is what it was.
    const original = power(tone(3200, 0.3), 3200);
    expect(Math.abs(power(high, 3200) - original) / original).toBeLessThan(0.02);
  });

  it('is the same on every run and silent on silence', () => {
    const input = tone(3000, 0.2);
    expect(fillHighBand(input, 1.5)).toEqual(fillHighBand(input, 1.5));
    expect(fillHighBand(new Float32Array(1600), 1.5).every((v) => v === 0)).toBe(true);
  });
});
