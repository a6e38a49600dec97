/**
 * The visitor's token and outbox, per widget key. localStorage may be missing or refuse (a private
 * window, third-party storage blocked inside an iframe): the chat then works for this page's life.
 */
export function createStore(key: string) {
  const memory = new Map<string, string>();
  const name = (what: string) => `kefu-chat:${key}:${what}`;
  return {
    get(what: string): string | null {
      try {
        return window.localStorage.getItem(name(what));
      } catch {
        return memory.get(what) ?? null;
      }
    },
    set(what: string, value: string | null): void {
      try {
        if (value === null) window.localStorage.removeItem(name(what));
        else window.localStorage.setItem(name(what), value);
      } catch {
        if (value === null) memory.delete(what);
        else memory.set(what, value);
      }
    },
  };
}
export type Store = ReturnType<typeof createStore>;
