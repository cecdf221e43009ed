/** A wall screen that cannot be shown: says why (file, field) and how to fix it, large enough to read across a room. */
import type { Dict } from '../app/i18n.ts';

/** The error screen. */
export function WallError({ reason, t }: { reason: string; t: Dict }) {
  return (
    <main className="wl-error" role="alert" data-testid="wl-error">
      <h1>{t.wlErrorTitle}</h1>
      <pre data-testid="wl-error-reason">{reason}</pre>
      <p>{t.wlErrorHelp}</p>
    </main>
  );
}
