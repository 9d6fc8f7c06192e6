import type { Migration } from '../migration';
import { migration as m0001 } from './0001-core-schema';
import { migration as m0002 } from './0002-scoring-schema';
import { migration as m0003 } from './0003-job-runs';
import { migration as m0010 } from './0010-feedback-and-models';
import { migration as m0020 } from './0020-sync';
import { migration as m0021 } from './0021-llm-answers';
import { migration as m0022 } from './0022-crm-push';
import { migration as m0040 } from './0040-transcript-search';
import { migration as m0041 } from './0041-sync-options';
import { migration as m0042 } from './0042-lead-name-order';
import { migration as m0043 } from './0043-queue-data-version';
import { migration as m0044 } from './0044-lead-last-agent';
import { migration as m0045 } from './0045-lead-times-ms';
import { migration as m0046 } from './0046-scores-by-rubric';
import { migration as m0070 } from './0070-model-gating';
import { migration as m0071 } from './0071-prediction-history';
import { migration as m0090 } from './0090-recording-folders';
import { migration as m0170 } from './0170-connector-runs';
import { migration as m0180 } from './0180-data-safety';
import { migration as m0190 } from './0190-spoken-times';
import { migration as m0200 } from './0200-redaction';
import { migration as m0210 } from './0210-model-jobs';
import { migration as m0220 } from './0220-score-outcomes';
import { migration as m0225 } from './0225-team-trackers';

/** Every migration the code knows, in order. Add new files here; never edit a shipped one. */
export const migrations: readonly Migration[] = [m0001, m0002, m0003, m0010, m0020, m0021, m0022, m0040, m0041, m0042, m0043, m0044, m0045, m0046, m0070, m0071, m0090, m0170, m0180, m0190, m0200, m0210, m0220, m0225];
