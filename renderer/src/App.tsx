import { Suspense, lazy, useEffect, useLayoutEffect, useState } from 'react';
import { api, onApiEvent } from './api/client';
import { appIsLive } from './first-screen/take-over';
import { href, useRoute, type Route } from './lib/router';
import { QueueView } from './views/queue/QueueView';

// The queue is what opens first: the other views (and ECharts, most of the bundle) load on first visit.
const CalibrationView = lazy(async () => ({
  default: (await import('./views/calibration/CalibrationView')).CalibrationView,
}));
const JobsView = lazy(async () => ({ default: (await import('./views/jobs/JobsView')).JobsView }));
const ReportsView = lazy(async () => ({
  default: (await import('./views/reports/ReportsView')).ReportsView,
}));
const ReviewView = lazy(async () => ({ default: (await import('./views/review/ReviewView')).ReviewView }));
const SearchPalette = lazy(async () => ({
  default: (await import('./components/SearchPalette')).SearchPalette,
}));
const SettingsView = lazy(async () => ({
  default: (await import('./views/settings/SettingsView')).SettingsView,
}));

const NAV: { view: Route['view']; label: string }[] = [
  { view: 'queue', label: 'Queue' },
  { view: 'review', label: 'Review' },
  { view: 'calibration', label: 'Rubric & calibration' },
  { view: 'reports', label: 'Reports' },
  { view: 'jobs', label: 'Jobs' },
  { view: 'settings', label: 'Settings' },
];

/** The supervisor's app: four working views plus jobs and settings, and transcript search from anywhere. */
export function App(): React.JSX.Element {
  const route = useRoute();
  const [searching, setSearching] = useState(false);
  const [busy, setBusy] = useState<string>('');
  useLayoutEffect(appIsLive, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const typing = ['INPUT', 'SELECT', 'TEXTAREA'].includes((e.target as HTMLElement).tagName);
      if ((e.key === 'k' && (e.ctrlKey || e.metaKey)) || (e.key === '/' && !typing)) {
        e.preventDefault();
        setSearching(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  // A quiet line in the top bar says when work is running in the background.
  useEffect(() => {
    const refresh = (): void => {
      api
        .getStatus({})
        .then((s) =>
          setBusy(
            s.jobs.running + s.jobs.queued > 0
              ? `${s.jobs.running + s.jobs.queued} calls processing`
              : s.jobs.failed
                ? `${s.jobs.failed} failed`
                : '',
          ),
        )
        .catch(() => setBusy(''));
    };
    refresh();
    return onApiEvent((e) => e.type === 'job-changed' && refresh());
  }, []);
  return (
    <div className="app">
      <header className="topbar">
        <h1>CallRank</h1>
        <nav>
          {NAV.map((n) => (
            <a
              key={n.view}
              href={href(
                n.view === 'review' && route.view === 'review' ? route : ({ view: n.view } as Route),
              )}
              className={route.view === n.view ? 'active' : ''}
            >
              {n.label}
            </a>
          ))}
        </nav>
        <span className="spacer" />
        {busy && (
          <a className="status" href={href({ view: 'jobs' })}>
            {busy}
          </a>
        )}
        <button
          onClick={() => setSearching(true)}
          title="Search transcripts (/ or Ctrl+K)"
          data-testid="open-search"
        >
          Search transcripts <kbd>/</kbd>
        </button>
      </header>
      <main className="view">
        <Suspense fallback={<p className="muted">Loading…</p>}>
          {route.view === 'queue' && <QueueView />}
          {route.view === 'review' && <ReviewView leadId={route.leadId} callId={route.callId} />}
          {route.view === 'calibration' && <CalibrationView />}
          {route.view === 'reports' && <ReportsView />}
          {route.view === 'jobs' && <JobsView />}
          {route.view === 'settings' && <SettingsView />}
        </Suspense>
      </main>
      {searching && (
        <Suspense fallback={null}>
          <SearchPalette onClose={() => setSearching(false)} />
        </Suspense>
      )}
    </div>
  );
}
