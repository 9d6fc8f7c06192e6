import { writeFile } from 'node:fs/promises';

/** Writes 16-bit PCM WAV (or 8-bit mu-law with encoding 'mulaw'); channels are Float32 in -1..1. */
export async function writeWav(path: string, sampleRate: number, channels: Float32Array[], encoding: 'pcm16' | 'mulaw' | 'float32' = 'pcm16'): Promise<void> {
  await writeFile(path, encodeWav(sampleRate, channels, encoding));
}

function linearToMulaw(sample: number): number {
  const BIAS = 0x84;
  let pcm = Math.max(-32635, Math.min(32635, Math.round(sample * 32767)));
  const sign = pcm < 0 ? 0x80 : 0;
  if (pcm < 0) pcm = -pcm;
  pcm += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (pcm & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (pcm >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

export function encodeWav(sampleRate: number, channels: Float32Array[], encoding: 'pcm16' | 'mulaw' | 'float32' = 'pcm16'): Buffer {
  const frames = channels[0]?.length ?? 0;
  const bytesPerSample = encoding === 'pcm16' ? 2 : encoding === 'mulaw' ? 1 : 4;
  const formatTag = encoding === 'pcm16' ? 1 : encoding === 'mulaw' ? 7 : 3;
  const dataBytes = frames * channels.length * bytesPerSample;
  const buffer = Buffer.alloc(44 + dataBytes);
  buffer.write('RIFF', 0, 'ascii');
  buffer.writeUInt32LE(36 + dataBytes, 4);
  buffer.write('WAVE', 8, 'ascii');
  buffer.write('fmt ', 12, 'ascii');
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(formatTag, 20);
  buffer.writeUInt16LE(channels.length, 22);
  buffer.writeUInt32LE(sampleRate, 24);
  buffer.writeUInt32LE(sampleRate * channels.length * bytesPerSample, 28);
  buffer.writeUInt16LE(channels.length * bytesPerSample, 32);
  buffer.writeUInt16LE(bytesPerSample * 8, 34);
  buffer.write('data', 36, 'ascii');
  buffer.writeUInt32LE(dataBytes, 40);
  let offset = 44;
  for (let f = 0; f < frames; f++) {
    for (const channel of channels) {
      const s = Math.max(-1, Math.min(1, channel[f] ?? 0));
      if (encoding === 'pcm16') buffer.writeInt16LE(Math.round(s * 32767), offset);
      else if (encoding === 'mulaw') buffer[offset] = linearToMulaw(s);
      else buffer.writeFloatLE(s, offset);
      offset += bytesPerSample;
    }
  }
  return buffer;
}

export function sine(frequency: number, seconds: number, sampleRate: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  return out;
}

export function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Dominant frequency estimate from zero crossings; good enough to tell a resampled tone kept its pitch. */
export function zeroCrossingHz(samples: Float32Array, sampleRate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if ((samples[i - 1] ?? 0) < 0 !== (samples[i] ?? 0) < 0) crossings++;
  return crossings / 2 / (samples.length / sampleRate);
}

export function rms(samples: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, samples.length));
}
