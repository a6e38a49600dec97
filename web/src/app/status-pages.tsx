import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router-dom';
import { useNow } from '../ui/use-now';
import { useErrorMessage } from './errors';
import { homePage } from './home';
import { useSession } from './session';
import { APP_IDS } from './testids';

/** `/` opens the user's first screen (app/home.ts: by what they may do). */
export function HomeRedirect() {
  const { t } = useTranslation();
  const { can } = useSession();
  const home = homePage(can);
  if (home) return <Navigate to={home.path} replace />;
  return <Result status="info" title={t('home.noAccessTitle')} subTitle={t('home.noAccess')} />;
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('notFound.title')}
      subTitle={t('notFound.description')}
      extra={
        <Link to="/">
          <Button type="primary">{t('notFound.back')}</Button>
        </Link>
      }
    />
  );
}

/** 无权访问, with the way back to the user's own first screen (named, so they know where it leads). */
export function Forbidden() {
  const { t } = useTranslation();
  const { can } = useSession();
  const home = homePage(can);
  return (
    <Result
      status="403"
      title={t('forbidden.title')}
      subTitle={t('forbidden.description')}
      extra={
        home ? (
          <Link to={home.path}>
            <Button type="primary" data-testid={APP_IDS.forbiddenHome}>
              {t('forbidden.back', { page: t(home.label) })}
            </Button>
          </Link>
        ) : null
      }
    />
  );
}

/**
 * The server did not answer "who am I" (down, restarting, or the network): says the connection is
 * lost, and the session retries by itself with backoff (`retryAt`); "retry now" does not wait.
 */
export function Unreachable({ error, retryAt, onRetry }: { error: unknown; retryAt?: number; onRetry: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const now = useNow(1000);
  const seconds = retryAt ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : 0;
  return (
    <Result
      status="warning"
      title={t('connection.lostTitle')}
      subTitle={
        <div data-testid={APP_IDS.connectionLost}>
          <div>{t('connection.lostDescription')}</div>
          <div>{seconds > 0 ? t('connection.retryIn', { seconds }) : t('connection.retrying')}</div>
          <div className="muted">{message(error)}</div>
        </div>
      }
      extra={
        <Button type="primary" onClick={onRetry} autoFocus>
          {t('connection.retryNow')}
        </Button>
      }
    />
  );
}
