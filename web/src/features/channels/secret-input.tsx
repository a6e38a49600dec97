import { CopyOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SECRET_MASK } from '../../../../contracts/conversations';
import { useCopy } from './copy-field';
import { secretShown, secretState, secretTyped } from './secret-value';

type Props = {
  /** From Form.Item: the mask (keep), '' (none) or the new text. */
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
  /** The channel held this secret when the form opened (the API showed the mask). */
  wasSet: boolean;
  /** Offer "clear" for a stored secret that may be empty (an optional password, the AES key). */
  clearable?: boolean;
  /** Offer "generate" (tokens and keys Kefu may choose itself). */
  generate?: () => string;
  /** Shown as text, not dots: a token the administrator copies into another console. */
  plain?: boolean;
  autoComplete?: string;
  testId?: string;
};

/**
 * A write-only secret: a stored one is never shown, the box stays empty with "set (leave empty to
 * keep it)", and the mask goes back to the server unless something new is typed.
 */
export function SecretInput({ value, onChange, id, wasSet, clearable, generate, plain, autoComplete, testId }: Props) {
  const { t } = useTranslation();
  const copy = useCopy();
  const [visible, setVisible] = useState(false);
  const state = secretState(value, wasSet);
  const shown = secretShown(value);
  const placeholder =
    state === 'unchanged'
      ? t('channels.secret.unchanged')
      : state === 'cleared'
        ? t('channels.secret.willClear')
        : wasSet
          ? undefined
          : t('channels.secret.notSet');
  const props = {
    id,
    value: shown,
    placeholder,
    autoComplete: autoComplete ?? 'new-password',
    spellCheck: false,
    'data-testid': testId,
    onChange: (e: { target: { value: string } }) => onChange?.(secretTyped(e.target.value, wasSet)),
    className: 'mono',
  };
  return (
    <Space.Compact style={{ width: '100%' }}>
      {plain ? (
        <Input {...props} />
      ) : (
        <Input.Password {...props} visibilityToggle={{ visible, onVisibleChange: setVisible }} />
      )}
      {generate ? (
        <Button icon={<ReloadOutlined />} onClick={() => onChange?.(generate())}>
          {t('channels.secret.generate')}
        </Button>
      ) : null}
      {plain && shown ? (
        <Button icon={<CopyOutlined />} onClick={() => void copy(shown)} aria-label={t('channels.secret.copy')} />
      ) : null}
      {clearable && wasSet ? (
        state === 'cleared' ? (
          <Button onClick={() => onChange?.(SECRET_MASK)}>{t('channels.secret.undo')}</Button>
        ) : state === 'unchanged' ? (
          <Button onClick={() => onChange?.('')}>{t('channels.secret.clear')}</Button>
        ) : null
      ) : null}
    </Space.Compact>
  );
}
