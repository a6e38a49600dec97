import { useCallback, useEffect, useState } from 'react';

/**
 * How the desktop calls the agent's attention to a customer's message while they look elsewhere: a
 * short tone (WebAudio, no sound file to ship), a browser notification when the agent allowed them
 * (asked from a button, never on load: browsers refuse or remember a prompt nobody asked for), and
 * the unread total in the tab's title.
 */

const MUTE_KEY = 'kefu.chat.muted';
let audio: AudioContext | undefined;

/** Two short rising tones, quiet: noticeable beside a call, not alarming. */
export function beep(): void {
  try {
    audio ??= new AudioContext();
    const ctx = audio;
    // A context made before any click starts suspended; resuming succeeds once the page had a gesture.
    void ctx.resume().catch(() => undefined);
    const start = ctx.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const t0 = start + i * 0.14;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(0.15, t0 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.12);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + 0.13);
    }
  } catch {
    // No audio device or API: the notification and the badge still tell.
  }
}

export type NotificationPermissionState = NotificationPermission | 'unsupported';

const permissionNow = (): NotificationPermissionState =>
  typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;

/** The notification permission, the way to ask for it, and the agent's choice of sound. */
export function useAlertSettings() {
  const [permission, setPermission] = useState<NotificationPermissionState>(permissionNow);
  const [muted, setMutedState] = useState(() => {
    try {
      return localStorage.getItem(MUTE_KEY) === '1';
    } catch {
      return false;
    }
  });
  const ask = useCallback(async () => {
    if (typeof Notification === 'undefined') return;
    setPermission(await Notification.requestPermission());
  }, []);
  const setMuted = useCallback((value: boolean) => {
    setMutedState(value);
    try {
      localStorage.setItem(MUTE_KEY, value ? '1' : '0');
    } catch {
      // Not remembered; the choice holds for this page.
    }
  }, []);
  return { permission, ask, muted, setMuted };
}

/** A notification for a customer's message; clicking it brings the tab forward on that conversation. */
export function notify(title: string, body: string, tag: string, onClick: () => void): void {
  if (permissionNow() !== 'granted') return;
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
  } catch {
    // Some browsers allow notifications only from a service worker: the tone and the title remain.
  }
}

const PREFIX = /^\(\d+\) /;

/** `title` with the unread count in front, as mail and chat tabs show it. */
export function titleWithUnread(title: string, unread: number): string {
  const bare = title.replace(PREFIX, '');
  return unread > 0 ? `(${unread}) ${bare}` : bare;
}

/**
 * Keeps the unread total in the document's title. The shell sets the page's title in its own effect,
 * which runs after this one (parents after children) and on a language change: the count is written
 * again on the next tick, and taken off when the desktop goes.
 */
export function useUnreadTitle(unread: number, language: string): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: a language change retitles the page: write the count again
  useEffect(() => {
    const apply = () => {
      document.title = titleWithUnread(document.title, unread);
    };
    apply();
    const timer = setTimeout(apply, 0);
    return () => clearTimeout(timer);
  }, [unread, language]);
  useEffect(
    () => () => {
      document.title = titleWithUnread(document.title, 0);
    },
    [],
  );
}

/** Whether the tab is shown (not hidden behind another tab or minimised). */
export function useDocumentVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}
