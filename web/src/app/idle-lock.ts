import { useEffect, useRef } from 'react';
import { lastServerContactAt } from './api-client';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

type Options = {
  enabled: boolean;
  idleSeconds: number;
  onIdle: () => void;
  /** Tells the server the user is still here, so its own idle lock agrees with the screen. */
  keepAlive: () => void;
};

/**
 * Locks the screen after `idleSeconds` without mouse, keyboard or touch input. Input also keeps the
 * server session warm: the server only sees requests, and a user reading a page makes none.
 */
export function useIdleLock({ enabled, idleSeconds, onIdle, keepAlive }: Options): void {
  const callbacks = useRef({ onIdle, keepAlive });
  callbacks.current = { onIdle, keepAlive };

  useEffect(() => {
    if (!enabled || idleSeconds <= 0) return;
    const idleMs = idleSeconds * 1000;
    const keepAliveMs = Math.min(60_000, idleMs / 2);
    let lastInput = Date.now();
    let lastKeepAlive = 0;

    const onInput = () => {
      const now = Date.now();
      lastInput = now;
      if (now - lastServerContactAt() > keepAliveMs && now - lastKeepAlive > keepAliveMs) {
        lastKeepAlive = now;
        callbacks.current.keepAlive();
      }
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onInput, { passive: true, capture: true });
    // Compares wall-clock time, so a laptop waking from sleep locks at once.
    const timer = setInterval(() => {
      if (Date.now() - lastInput >= idleMs) callbacks.current.onIdle();
    }, 1000);

    return () => {
      clearInterval(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onInput, { capture: true });
    };
  }, [enabled, idleSeconds]);
}
