import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addOrigin, type OriginProblem } from './origins';
import { CHANNELS_IDS } from './testids';

type Props = { value?: string[]; onChange?: (value: string[]) => void; id?: string };

/** The web chat's allowed origins: typed one at a time, checked as the server compares them. */
export function OriginList({ value = [], onChange, id }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<{ problem: OriginProblem; suggestion?: string } | null>(null);
  const errorId = id ? `${id}-problem` : undefined;

  const add = (input: string) => {
    const result = addOrigin(value, input);
    if (!result.ok) {
      setProblem({ problem: result.problem, suggestion: result.suggestion });
      return;
    }
    onChange?.(result.list);
    setText('');
    setProblem(null);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={8}>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          id={id}
          value={text}
          placeholder={t('channels.webchat.originPlaceholder')}
          status={problem ? 'error' : undefined}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? errorId : undefined}
          autoComplete="off"
          spellCheck={false}
          className="mono"
          data-testid={CHANNELS_IDS.originInput}
          onChange={(e) => {
            setText(e.target.value);
            setProblem(null);
          }}
          onPressEnter={(e) => {
            // Enter adds the origin; it must not submit the whole channel form.
            e.preventDefault();
            add(text);
          }}
        />
        <Button icon={<PlusOutlined />} onClick={() => add(text)} data-testid={CHANNELS_IDS.originAdd}>
          {t('channels.webchat.addOrigin')}
        </Button>
      </Space.Compact>
      {problem ? (
        <Flex gap={8} align="center" wrap id={errorId} role="alert">
          <Typography.Text type="danger">{t(`channels.webchat.originProblem.${problem.problem}`)}</Typography.Text>
          {problem.suggestion ? (
            <Button size="small" type="link" onClick={() => add(problem.suggestion ?? '')}>
              {t('channels.webchat.useSuggestion', { origin: problem.suggestion })}
            </Button>
          ) : null}
        </Flex>
      ) : null}
      {value.length === 0 ? (
        <Typography.Text type="secondary">{t('channels.webchat.originsEmpty')}</Typography.Text>
      ) : (
        <ul className="origin-list" data-testid={CHANNELS_IDS.originList}>
          {value.map((origin) => (
            <li key={origin}>
              <Typography.Text className="mono">{origin}</Typography.Text>
              <Button
                type="text"
                size="small"
                icon={<DeleteOutlined />}
                aria-label={t('channels.webchat.removeOrigin', { origin })}
                onClick={() => onChange?.(value.filter((o) => o !== origin))}
              />
            </li>
          ))}
        </ul>
      )}
    </Space>
  );
}
