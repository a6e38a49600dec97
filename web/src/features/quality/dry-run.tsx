import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Empty, Flex, Input, List, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AutoCheckRuleInput } from '../../../../contracts/quality';
import { useErrorMessage } from '../../app/errors';
import { formatDuration } from '../../ui/recording';
import { dryRun } from './settings-api';
import { QUALITY_IDS } from './testids';
import { parseTranscript } from './transcript';

/**
 * 试运行: a sample transcript (lines `座席: …` / `客户: …`) checked by the phrase rules — the rules as
 * edited on the left (unsaved) or the active ones — before a change applies to every contact.
 */
export function DryRun({ rules }: { rules: () => AutoCheckRuleInput[] | undefined }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [text, setText] = useState(t('qualityAdmin.dryRun.sample'));
  const [language, setLanguage] = useState('zh-CN');
  const [edited, setEdited] = useState(true);
  const parsed = parseTranscript(text);
  const run = useMutation({
    mutationFn: () => {
      const current = edited ? rules() : undefined;
      return dryRun({ language, transcript: parsed.lines, ...(current ? { rules: current } : {}) });
    },
  });
  return (
    <Card size="small" title={t('qualityAdmin.dryRun.title')}>
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{t('qualityAdmin.dryRun.hint')}</Typography.Text>
        <Input.TextArea
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoSize={{ minRows: 6, maxRows: 16 }}
          aria-label={t('qualityAdmin.dryRun.transcript')}
          data-testid={QUALITY_IDS.dryRunText}
        />
        {parsed.unknown.length ? (
          <Typography.Text type="warning">
            {t('qualityAdmin.dryRun.unknownLines', { lines: parsed.unknown.join(', ') })}
          </Typography.Text>
        ) : null}
        <Flex gap={8} align="center" wrap>
          <Select
            value={language}
            onChange={setLanguage}
            style={{ width: 120 }}
            options={[
              { value: 'zh-CN', label: t('qualityAdmin.language.zh') },
              { value: 'en-US', label: t('qualityAdmin.language.en') },
            ]}
            aria-label={t('qualityAdmin.rules.language')}
          />
          <Checkbox checked={edited} onChange={(e) => setEdited(e.target.checked)}>
            {t('qualityAdmin.dryRun.useEdited')}
          </Checkbox>
          <Button
            type="primary"
            disabled={parsed.lines.length === 0}
            loading={run.isPending}
            onClick={() => run.mutate()}
            data-testid={QUALITY_IDS.dryRunSubmit}
          >
            {t('qualityAdmin.dryRun.run')}
          </Button>
        </Flex>
        {run.isError ? <Alert type="error" showIcon title={errorMessage(run.error)} /> : null}
        {run.data ? (
          <div data-testid={QUALITY_IDS.dryRunFindings}>
            {run.data.findings.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('qualityAdmin.dryRun.none')} />
            ) : (
              <List
                size="small"
                header={t('qualityAdmin.dryRun.found', { count: run.data.findings.length })}
                dataSource={run.data.findings}
                renderItem={(f) => (
                  <List.Item>
                    <Flex gap={8} wrap align="center">
                      <Tag color={f.kind === 'forbidden_phrase' ? 'red' : 'orange'}>
                        {t(`quality.findingKind.${f.kind}`)}
                      </Tag>
                      {f.speaker ? <span>{t(`quality.speaker.${f.speaker}`)}</span> : null}
                      {f.text ? <Typography.Text mark>{f.text}</Typography.Text> : null}
                      {f.atMs !== undefined ? (
                        <Typography.Text type="secondary">{formatDuration(f.atMs)}</Typography.Text>
                      ) : null}
                    </Flex>
                  </List.Item>
                )}
              />
            )}
          </div>
        ) : null}
      </Flex>
    </Card>
  );
}
