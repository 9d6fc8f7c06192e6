import type { Api } from '../../shared/api/contract';
import type { CoreContext } from './context';
import { jobsHandlers } from '../jobs/jobs-handlers';
import { queueHandlers } from '../queue/queue-handlers';
import { reviewHandlers } from '../review/review-handlers';
import { calibrationHandlers } from '../calibration/calibration-handlers';
import { reportHandlers } from '../reports/report-handlers';
import { modelHandlers } from '../scoring/model/model-handlers';
import { reviewSetHandlers } from '../review-sets/review-set-handlers';
import { settingsHandlers } from '../settings/settings-handlers';
import { connectorHandlers } from '../sync/connector-handlers';
import { dataSafetyHandlers } from '../maintenance/data-safety-handlers';
import { redactionHandlers } from '../redaction/redaction-handlers';
import { trackerHandlers } from '../trackers/team/tracker-handlers';

/** Every method of the contract, implemented once over the core; IPC and HTTP both call this. */
export function createApiHandlers(ctx: CoreContext): Api {
  return {
    ...jobsHandlers(ctx),
    ...queueHandlers(ctx),
    ...reviewHandlers(ctx),
    ...calibrationHandlers(ctx),
    ...reportHandlers(ctx),
    ...modelHandlers(ctx),
    ...reviewSetHandlers(ctx),
    ...settingsHandlers(ctx),
    ...connectorHandlers(ctx),
    ...dataSafetyHandlers(ctx),
    ...redactionHandlers(ctx),
    ...trackerHandlers(ctx),
  };
}
