/** The pipeline every call walks, in order. */
export const STAGES = ['transcribe', 'analyse', 'score'] as const;
export type Stage = (typeof STAGES)[number];
export type JobStage = Stage | 'done';
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'paused';

export function nextStage(stage: Stage): JobStage {
  const i = STAGES.indexOf(stage);
  return STAGES[i + 1] ?? 'done';
}
