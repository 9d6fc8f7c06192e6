import Store from 'electron-store';

interface ShellSettings {
  recordingsFolder: string | null;
}

/** Settings the shell itself needs at start-up; secrets never live here (they go through safeStorage). */
export function loadShellSettings(): ShellSettings {
  const store = new Store<ShellSettings>({ name: 'settings', defaults: { recordingsFolder: null } });
  return { recordingsFolder: store.get('recordingsFolder') };
}
