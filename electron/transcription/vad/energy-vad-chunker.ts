import { TARGET_RATE } from '../audio/decode-stream';

/** A stretch of speech cut out for the recogniser; startS is its offset in the recording. */
export interface SpeechChunk {
  startS: number;
  samples: Float32Array;
}

export interface VadChunkerOptions {
  /** Hard ceiling on chunk length (the embedded engine's 96 MB heap needs <= 8 s). */
  maxChunkS?: number;
  /** Speech this short (clicks, breaths) is dropped. */
  minSpeechS?: number;
  /** Silence this long ends a chunk. */
  hangoverS?: number;
  /** Audio kept before the first speech frame so word onsets are not clipped. */
  preRollS?: number;
  /** Frames quieter than this are never speech, whatever the noise floor: this is the silence gate. */
  absoluteFloorDb?: number;
  /** How far above the tracked noise floor a frame must be to count as speech. */
  marginDb?: number;
}

const FRAME = 480; // 30 ms at 16 kHz
const FRAME_S = FRAME / TARGET_RATE;
const FLOOR_WINDOW_FRAMES = 167; // ~5 s of minimum statistics for the noise floor

interface Frame {
  samples: Float32Array;
  db: number;
  speech: boolean;
}

/**
 * Energy VAD with a minimum-statistics noise floor, turning a 16 kHz stream into speech chunks no longer
 * than maxChunkS. Long speech is split at the quietest frame of the chunk's last 40% so words are rarely cut.
 */
export class EnergyVadChunker {
  private readonly maxFrames: number;
  private readonly minSpeechFrames: number;
  private readonly hangoverFrames: number;
  private readonly preRollFrames: number;
  private readonly absoluteFloorDb: number;
  private readonly marginDb: number;
  private partial = new Float32Array(0);
  private frameIndex = 0;
  private readonly recentDb: number[] = [];
  private preRoll: Frame[] = [];
  private chunk: Frame[] = [];
  private chunkStartFrame = 0;
  private silenceRun = 0;

  constructor(options: VadChunkerOptions = {}) {
    this.maxFrames = Math.floor((options.maxChunkS ?? 8) / FRAME_S);
    this.minSpeechFrames = Math.ceil((options.minSpeechS ?? 0.2) / FRAME_S);
    this.hangoverFrames = Math.ceil((options.hangoverS ?? 0.4) / FRAME_S);
    this.preRollFrames = Math.ceil((options.preRollS ?? 0.2) / FRAME_S);
    this.absoluteFloorDb = options.absoluteFloorDb ?? -50;
    this.marginDb = options.marginDb ?? 10;
  }

  push(samples: Float32Array): SpeechChunk[] {
    const out: SpeechChunk[] = [];
    let data = samples;
    if (this.partial.length > 0) {
      data = new Float32Array(this.partial.length + samples.length);
      data.set(this.partial, 0);
      data.set(samples, this.partial.length);
    }
    let offset = 0;
    for (; offset + FRAME <= data.length; offset += FRAME) {
      this.onFrame(data.slice(offset, offset + FRAME), out);
    }
    this.partial = data.slice(offset);
    return out;
  }

  /** Start (seconds) of speech heard but not yet handed out as a chunk, if any. */
  pendingSpeechStartS(): number | undefined {
    return this.chunk.length > 0 ? this.chunkStartFrame * FRAME_S : undefined;
  }

  flush(): SpeechChunk[] {
    const out: SpeechChunk[] = [];
    if (this.chunk.length > 0) this.emit(this.chunk.length, out);
    this.chunk = [];
    return out;
  }

  private onFrame(samples: Float32Array, out: SpeechChunk[]): void {
    let energy = 0;
    for (let i = 0; i < samples.length; i++) energy += (samples[i] ?? 0) ** 2;
    const db = 10 * Math.log10(energy / samples.length + 1e-12);
    this.recentDb.push(db);
    if (this.recentDb.length > FLOOR_WINDOW_FRAMES) this.recentDb.shift();
    const floor = Math.min(...this.recentDb);
    const speech = db > Math.max(floor + this.marginDb, this.absoluteFloorDb);
    const frame: Frame = { samples, db, speech };
    const index = this.frameIndex++;

    if (this.chunk.length === 0) {
      if (!speech) {
        this.preRoll.push(frame);
        if (this.preRoll.length > this.preRollFrames) this.preRoll.shift();
        return;
      }
      this.chunk = [...this.preRoll, frame];
      this.chunkStartFrame = index - this.preRoll.length;
      this.preRoll = [];
      this.silenceRun = 0;
      return;
    }
    this.chunk.push(frame);
    this.silenceRun = speech ? 0 : this.silenceRun + 1;
    if (this.silenceRun >= this.hangoverFrames) {
      this.emit(this.chunk.length, out);
      this.chunk = [];
      return;
    }
    if (this.chunk.length >= this.maxFrames) this.splitLongChunk(out);
  }

  private splitLongChunk(out: SpeechChunk[]): void {
    const from = Math.floor(this.chunk.length * 0.6);
    let cut = this.chunk.length;
    let quietest = Infinity;
    for (let i = from; i < this.chunk.length; i++) {
      const db = this.chunk[i]?.db ?? 0;
      if (db < quietest) {
        quietest = db;
        cut = i + 1;
      }
    }
    const rest = this.chunk.slice(cut);
    this.emit(cut, out);
    this.chunk = rest;
    this.chunkStartFrame += cut;
    this.silenceRun = 0;
  }

  private emit(frameCount: number, out: SpeechChunk[]): void {
    const frames = this.chunk.slice(0, frameCount);
    const speechFrames = frames.filter((f) => f.speech).length;
    if (speechFrames < this.minSpeechFrames) return;
    const samples = new Float32Array(frames.length * FRAME);
    frames.forEach((f, i) => samples.set(f.samples, i * FRAME));
    out.push({ startS: this.chunkStartFrame * FRAME_S, samples });
  }
}
