import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router-dom';
import { useNow } from '../ui/use-now';
import { ApiError } from './api-client';
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
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('notFound.title')}
      subTitle={t('notFound.description')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('notFound.back')}
        </Button>
      }
    />
  );
}

/** 无权访问, with the way back to the user's own first screen (named, so they know where it leads). */
export function Forbidden() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const home = homePage(can);
  return (
    <Result
      status="403"
      title={t('forbidden.title')}
      subTitle={t('forbidden.description')}
      extra={
        home ? (
          <Button type="primary" data-testid={APP_IDS.forbiddenHome} onClick={() => navigate(home.path)}>
            {t('forbidden.back', { page: t(home.label) })}
          </Button>
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
  // No answer at all (or a proxy saying the server is away) is a lost connection; an answer that is
  // an error is the server's fault and is not blamed on the network.
  const answered = error instanceof ApiError && error.status !== 0 && ![502, 503, 504].includes(error.status);
  return (
    <Result
      status="warning"
      title={t(answered ? 'connection.serverErrorTitle' : 'connection.lostTitle')}
      subTitle={
        <div data-testid={APP_IDS.connectionLost}>
          <div>{t(answered ? 'connection.serverErrorDescription' : 'connection.lostDescription')}</div>
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
