import { Alert, App, Button, Input, Modal, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { WEBHOOKS_IDS } from './testids';

/** The signing secret, shown once after it was made; closing it is the only way on. */
export function SecretDialog({ secret, onClose }: { secret: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    await navigator.clipboard?.writeText(secret);
    void message.success(t('webhooks.secretCopied'));
  };
  return (
    <Modal
      open
      title={t('webhooks.secretTitle')}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('webhooks.done')}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Alert type="warning" showIcon title={t('webhooks.secretNote')} />
        <Space.Compact style={{ width: '100%' }}>
          <Input
            readOnly
            value={secret}
            className="mono"
            data-testid={WEBHOOKS_IDS.secret}
            onFocus={(e) => e.target.select()}
          />
          <Button onClick={() => void copy()}>{t('webhooks.copy')}</Button>
        </Space.Compact>
      </Space>
    </Modal>
  );
}
