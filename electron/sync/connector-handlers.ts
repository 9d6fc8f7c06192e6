import type { Api } from '../../shared/api/contract';
import type { CoreContext } from '../core/context';
import { ApiError } from '../core/dispatch';
import { changeConnectorSettings, ConnectorRequestError, listConnectorViews, namedConnector, oneConnectorView, requestRunNow } from './connector-service';

type ConnectorApi = Pick<Api, 'listConnectors' | 'changeConnector' | 'syncConnectorNow'>;

/** A connector request's refusal as the API's error, naming the field it is about. */
function asApiError(err: unknown): unknown {
  if (!(err instanceof ConnectorRequestError)) return err;
  return new ApiError(err.status, err.message, err.field ? [{ path: [err.field], message: err.message }] : undefined);
}

/**
 * The connectors in Settings. A base URL typed here is held to the strict rule (a loopback test
 * server too must be listed in CALLRANK_ALLOW_BASE_URLS): over HTTP this API is reachable by any
 * program on the machine that has the token, as the REST API is.
 */
export function connectorHandlers(ctx: CoreContext): ConnectorApi {
  const secrets = () => ctx.settings?.secrets ?? null;
  const changed = (): void => void ctx.events.emit('event', { type: 'data-changed', tables: ['connectors'] });
  return {
    async listConnectors() {
      return { connectors: await listConnectorViews(ctx.db, secrets()) };
    },
    async changeConnector({ connector, ...patch }) {
      try {
        const c = namedConnector(connector);
        changeConnectorSettings(ctx.db, c, patch, { allowLoopback: false });
        changed();
        // A new schedule or a resume may make a run due now.
        ctx.notifyConnectors();
        return await oneConnectorView(ctx.db, c, secrets());
      } catch (err) {
        throw asApiError(err);
      }
    },
    async syncConnectorNow({ connector }) {
      try {
        const c = namedConnector(connector);
        await requestRunNow(ctx.db, c, secrets());
        changed();
        ctx.notifyConnectors();
        return await oneConnectorView(ctx.db, c, secrets());
      } catch (err) {
        throw asApiError(err);
      }
    },
  };
}
