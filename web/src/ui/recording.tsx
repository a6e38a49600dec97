import { API_BASE } from '../app/api-client';

/** The player streams straight from the API (session cookie); every playback is audited there. */
export const recordingUrl = (id: string) => `${API_BASE}/recordings/${encodeURIComponent(id)}`;

/** 83_000 → "1:23"; an hour or more → "1:02:03"; null → undefined (shown as "—"). */
export function formatDuration(ms: number | null | undefined): string | undefined {
  if (ms === null || ms === undefined) return undefined;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * One call recording's player (call records, a work order's linked calls). Show it only to holders
 * of recordings.listen: the API refuses the others anyway.
 */
export function RecordingAudio({ id, label, testId }: { id: string; label: string; testId?: string }) {
  return (
    // biome-ignore lint/a11y/useMediaCaption: call audio has no captions to offer
    <audio
      controls
      preload="none"
      src={recordingUrl(id)}
      data-testid={testId}
      aria-label={label}
      style={{ width: '100%' }}
    />
  );
}
