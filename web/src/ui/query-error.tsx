import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';

type Props = { message: string; onRetry?: () => void };

/** The error state of a screen whose data did not load: what went wrong and a way to try again. */
export function QueryError({ message, onRetry }: Props) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={t('common.loadFailed')}
      description={message}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}
