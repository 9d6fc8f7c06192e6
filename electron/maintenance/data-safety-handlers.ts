import type { Api } from '../../shared/api/contract';
import type { DataSafetyView } from '../../shared/api/data-safety';
import { listBackups } from '../backup/scheduled-backups';
import type { CoreContext } from '../core/context';
import { ApiError } from '../core/dispatch';
import { eraseLead } from '../erasure/erase-lead';
import { ErasureError } from '../erasure/erasure-subject';
import { corePhoneRegion } from '../settings/phone-region';
import { backupFolderOf, readDataSafetySettings, writeDataSafetySettings } from './data-safety-settings';
import { enqueueMaintenance, recentMaintenance } from './maintenance-jobs';
import { runQueuedMaintenance } from './run-maintenance';

type DataSafetyApi = Pick<Api, 'getDataSafety' | 'updateDataSafety' | 'runMaintenance' | 'eraseLead'>;

export function dataSafetyView(ctx: CoreContext): DataSafetyView {
  const settings = readDataSafetySettings(ctx.db);
  const folder = backupFolderOf(settings, ctx.db.name);
  return {
    settings,
    backupFolder: folder,
    backups: listBackups(folder),
    jobs: recentMaintenance(ctx.db).map(({ params: _params, startedAt: _started, ...j }) => j),
  };
}

export function dataSafetyHandlers(ctx: CoreContext): DataSafetyApi {
  const dbPath = ctx.db.name;
  return {
    async getDataSafety() {
      return dataSafetyView(ctx);
    },
    async updateDataSafety(change) {
      writeDataSafetySettings(ctx.db, change);
      return dataSafetyView(ctx);
    },
    async runMaintenance({ kind }) {
      if (ctx.db.memory) throw new ApiError(400, 'an in-memory database has nothing to back up or retain');
      enqueueMaintenance(ctx.db, kind, 'manual');
      await runQueuedMaintenance(ctx.db, { dbPath });
      ctx.events.emit('event', { type: 'data-changed', tables: ['maintenance', 'calls'] });
      return dataSafetyView(ctx);
    },
    async eraseLead(target) {
      try {
        const report = eraseLead(ctx.db, target, { region: corePhoneRegion(ctx), queueChanged: () => ctx.queueIndex.changed() });
        ctx.events.emit('event', { type: 'data-changed', tables: ['leads', 'calls', 'queue'] });
        return report;
      } catch (err) {
        if (err instanceof ErasureError) throw new ApiError(err.status, err.message);
        throw err;
      }
    },
  };
}
