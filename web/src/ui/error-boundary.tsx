import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';

/** The texts of each way a page can fail (the caller translates them; ui/ knows no i18n keys). */
export type ErrorBoundaryTexts = {
  /** The page threw while rendering. */
  crash: { title: string; description: string };
  /** The page's code could not be fetched because the server cannot be reached: retried by itself. */
  offline: { title: string; description: string };
  /** The page's code is gone from the server: a new version was deployed. */
  updated: { title: string; description: string };
  reload: string;
  testIds: { offline: string; updated: string };
};

type Props = { texts: ErrorBoundaryTexts; children: ReactNode };
type Failure = 'crash' | 'checking' | 'offline' | 'updated';
type State = { failure: Failure | null };

/** A lazy page's chunk failed to load (the wording differs per browser). */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|Importing a module script failed|error loading dynamically imported module|Failed to load module script/i.test(
    message,
  );
}

/** The chunk's URL as the browser names it in the error (Chromium and Firefox do). */
function chunkUrlOf(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const match = /(https?:\/\/\S+?\.m?js)\b/.exec(message);
  return match?.[1];
}

/** Is the chunk there? 'missing' (the server answers, without it), 'present', or 'unreachable'. */
async function checkChunk(url: string | undefined): Promise<'missing' | 'present' | 'unreachable'> {
  try {
    const res = await fetch(url ?? '/', { method: 'HEAD', cache: 'no-store' });
    if (!url) return 'missing'; // the server answers, yet the code did not load: treat as replaced
    return res.ok ? 'present' : 'missing';
  } catch {
    return 'unreachable';
  }
}

const MAX_DELAY_MS = 30_000;
const RELOAD_KEY = 'kefu.chunkReloadAt';

/** At most one automatic reload a minute: a chunk that is there yet fails to load must not loop. */
function reloadAllowed(): boolean {
  try {
    const last = Number(sessionStorage.getItem(RELOAD_KEY) ?? 0);
    if (Date.now() - last < 60_000) return false;
    sessionStorage.setItem(RELOAD_KEY, String(Date.now()));
    return true;
  } catch {
    return false;
  }
}

/**
 * Catches a page that throws while rendering or whose code (a lazy chunk) did not load, and tells
 * the two causes of the latter apart: the server cannot be reached (the connection is lost: checked
 * again with backoff, and the page reloads by itself once the server answers) or the chunk is gone
 * because a new version was deployed (reload to get it).
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failure: null };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempts = 0;
  private unmounted = false;

  static getDerivedStateFromError(error: unknown): State {
    return { failure: isChunkLoadError(error) ? 'checking' : 'crash' };
  }

  override componentDidCatch(error: unknown): void {
    if (!isChunkLoadError(error)) {
      console.error(error);
      return;
    }
    void this.check(chunkUrlOf(error));
  }

  override componentWillUnmount(): void {
    this.unmounted = true;
    clearTimeout(this.timer);
  }

  private async check(url: string | undefined): Promise<void> {
    const found = await checkChunk(url);
    if (this.unmounted) return;
    if (found === 'present' && reloadAllowed()) {
      // The server is back: a lazy import that failed stays failed until the page loads again.
      window.location.reload();
    } else if (found !== 'unreachable') {
      this.setState({ failure: 'updated' });
    } else {
      this.setState({ failure: 'offline' });
      this.attempts += 1;
      const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** (this.attempts - 1));
      this.timer = setTimeout(() => void this.check(url), delay / 2 + Math.random() * (delay / 2));
    }
  }

  override render() {
    const { failure } = this.state;
    if (failure === null) return this.props.children;
    if (failure === 'checking') return null;
    const { texts } = this.props;
    const text = texts[failure];
    return (
      <div data-testid={failure === 'crash' ? undefined : texts.testIds[failure]}>
        <Result
          status={failure === 'offline' ? 'warning' : failure === 'updated' ? 'info' : 'error'}
          title={text.title}
          subTitle={text.description}
          extra={
            <Button type="primary" onClick={() => window.location.reload()}>
              {texts.reload}
            </Button>
          }
        />
      </div>
    );
  }
}
