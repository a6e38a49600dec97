import { Alert, Input, Modal, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../app/errors';
import { useFlowVersion } from './api';
import { IVR_IDS } from './testids';

/** A published version, read-only: versions never change once published. */
export function FlowVersionDialog({
  flowId,
  version,
  onClose,
}: {
  flowId: string;
  version: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const query = useFlowVersion(flowId, version);
  return (
    <Modal open title={t('ivr.versionTitle', { version })} onCancel={onClose} footer={null} width={760}>
      {query.isError ? <Alert type="error" showIcon message={errorMessage(query.error)} /> : null}
      {query.isLoading ? <Spin /> : null}
      {query.data ? (
        <Input.TextArea
          readOnly
          value={JSON.stringify(query.data.definition, null, 2)}
          autoSize={{ minRows: 12, maxRows: 30 }}
          className="ivr-json"
          style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' }}
          aria-label={t('ivr.versionTitle', { version })}
          data-testid={IVR_IDS.versionJson}
        />
      ) : null}
    </Modal>
  );
}
