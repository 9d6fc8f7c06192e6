import { TARGET_RATE } from '../audio/decode-stream';
import type { Chunker } from '../engines/chunk-recognizer';
import type { SpeechChunk } from './energy-vad-chunker';

/** Cuts audio into back-to-back windows with no VAD: the benchmark's baseline for the embedded engine. */
export class FixedWindowChunker implements Chunker {
  private readonly size: number;
  private buffer: Float32Array;
  private filled = 0;
  private emitted = 0;

  constructor(windowS = 8) {
    this.size = Math.round(windowS * TARGET_RATE);
    this.buffer = new Float32Array(this.size);
  }

  push(samples: Float32Array): SpeechChunk[] {
    const out: SpeechChunk[] = [];
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(this.size - this.filled, samples.length - offset);
      this.buffer.set(samples.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.size) out.push(this.take());
    }
    return out;
  }

  flush(): SpeechChunk[] {
    return this.filled > 0 ? [this.take()] : [];
  }

  private take(): SpeechChunk {
    const chunk = { startS: this.emitted / TARGET_RATE, samples: this.buffer.slice(0, this.filled) };
    this.emitted += this.filled;
    this.filled = 0;
    return chunk;
  }
}
