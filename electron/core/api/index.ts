import type { Api } from '../../../shared/api/contract';
import type { CoreContext } from '../context';
import { jobsHandlers } from './jobs-handlers';
import { queueHandlers } from './queue-handlers';
import { queueViewHandlers } from './queue-view-handlers';
import { reviewHandlers } from './review-handlers';
import { calibrationHandlers } from './calibration-handlers';
import { reportHandlers } from './report-handlers';
import { reviewSetHandlers } from './review-set-handlers';
import { settingsHandlers } from './settings-handlers';

/** Every method of the contract, implemented once over the core; IPC and HTTP both call this. */
export function createApiHandlers(ctx: CoreContext): Api {
  return {
    ...jobsHandlers(ctx),
    ...queueHandlers(ctx),
    ...queueViewHandlers(ctx),
    ...reviewHandlers(ctx),
    ...calibrationHandlers(ctx),
    ...reportHandlers(ctx),
    ...reviewSetHandlers(ctx),
    ...settingsHandlers(ctx),
  };
}
