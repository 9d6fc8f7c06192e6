import { StrictMode } from 'react';
import { App } from './App';

/** The app's tree, the same in the page and in the first screen `serve` renders: hydration needs both alike. */
export function AppRoot(): React.JSX.Element {
  return (
    <StrictMode>
      <App />
    </StrictMode>
  );
}
