import type { ChannelMap } from '../../shared/transcript';

export const DEFAULT_CHANNELS: Required<ChannelMap> = { left: 'agent', right: 'customer' };
/** Mono recordings carry both parties on one track; without diarization we do not guess who spoke. */
export const MONO_SPEAKER = 'speaker';

/** Speaker name per decoded channel index. */
export function speakerNames(channelCount: number, channels: ChannelMap | undefined): string[] {
  if (channelCount <= 1) return [MONO_SPEAKER];
  const left = channels?.left ?? DEFAULT_CHANNELS.left;
  const right = channels?.right ?? DEFAULT_CHANNELS.right;
  return Array.from({ length: channelCount }, (_, i) => (i === 0 ? left : i === 1 ? right : `channel-${i + 1}`));
}
