import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router-dom';
import { useErrorMessage } from './errors';
import { PAGES } from './pages';
import { useSession } from './session';

/** `/` opens the first screen the user may use. */
export function HomeRedirect() {
  const { t } = useTranslation();
  const { can } = useSession();
  const first = PAGES.find((p) => can(p.permission));
  if (first) return <Navigate to={first.path} replace />;
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

export function Forbidden() {
  const { t } = useTranslation();
  return <Result status="403" title={t('forbidden.title')} subTitle={t('forbidden.description')} />;
}

/** The server did not answer the first "who am I" (down, or a network problem). */
export function Unreachable({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  return (
    <Result
      status="warning"
      title={t('common.loadFailed')}
      subTitle={message(error)}
      extra={
        <Button type="primary" onClick={onRetry} autoFocus>
          {t('common.retry')}
        </Button>
      }
    />
  );
}
