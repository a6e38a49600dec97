import { CopyOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Puts `text` on the clipboard. The Clipboard API needs a secure context (https or this machine);
 * an installation reached over plain http falls back to the older copy command.
 */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (permissions, focus): try the fallback below.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

export function useCopy(): (text: string) => Promise<void> {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return async (text: string) => {
    if (await copyText(text)) void message.success(t('channels.secret.copied'));
    else void message.error(t('channels.secret.copyFailed'));
  };
}

/** A value to hand on (a snippet, a URL): read-only, selected on focus, with a copy button. */
export function CopyField({
  value,
  label,
  multiline,
  testId,
  copyTestId,
  copyLabel,
}: {
  value: string;
  /** The accessible name of the box. */
  label: string;
  multiline?: boolean;
  testId?: string;
  copyTestId?: string;
  copyLabel?: string;
}) {
  const { t } = useTranslation();
  const copy = useCopy();
  const button = (
    <Button icon={<CopyOutlined />} onClick={() => void copy(value)} data-testid={copyTestId}>
      {copyLabel ?? t('channels.secret.copy')}
    </Button>
  );
  if (multiline) {
    return (
      <Flex gap={8} align="flex-start">
        <Input.TextArea
          readOnly
          value={value}
          aria-label={label}
          autoSize={{ minRows: 2, maxRows: 4 }}
          className="mono"
          data-testid={testId}
          onFocus={(e) => e.target.select()}
        />
        {button}
      </Flex>
    );
  }
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input
        readOnly
        value={value}
        aria-label={label}
        className="mono"
        data-testid={testId}
        onFocus={(e) => e.target.select()}
      />
      {button}
    </Space.Compact>
  );
}
