import { Button, Card, Empty, Flex, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AutoFinding, QualityContact, TranscriptLine } from '../../../../contracts/quality';
import { DateTime } from '../../ui/date-time';
import { formatDuration } from '../../ui/recording';
import { QUALITY_IDS } from './testids';

const FINDING_COLOR: Record<AutoFinding['kind'], string> = {
  forbidden_phrase: 'red',
  required_missing: 'orange',
  silence: 'gold',
  overtalk: 'volcano',
  long_hold: 'purple',
  dead_air_after_greeting: 'gold',
};

/** A moment of the call as a link that moves the player there (plain text without a recording). */
export function Moment({ ms, onSeek }: { ms: number | null | undefined; onSeek?: (ms: number) => void }) {
  const { t } = useTranslation();
  if (ms === null || ms === undefined) return null;
  const text = formatDuration(ms);
  if (!onSeek) return <Typography.Text type="secondary">{text}</Typography.Text>;
  return (
    // A button, not an anchor without href: it is reached and pressed with the keyboard too.
    <Button
      type="link"
      size="small"
      onClick={() => onSeek(ms)}
      aria-label={t('quality.player.seek', { time: text })}
      style={{ padding: 0, height: 'auto', fontVariantNumeric: 'tabular-nums' }}
    >
      {text}
    </Button>
  );
}

/** The contact under evaluation: who, when, what the automatic checks found, and its transcript. */
export function ContactFacts({ contact }: { contact: QualityContact }) {
  const { t } = useTranslation();
  return (
    <Flex gap={16} wrap>
      <span>
        {t('quality.col.channel')}: {t(`acd.channel.${contact.channel}`, { defaultValue: contact.channel })}
      </span>
      <span>
        {t('quality.col.contactAt')}: <DateTime value={contact.connectedAt} />
      </span>
      <span>
        {t('quality.col.handle')}: {formatDuration(contact.handleMs) ?? t('common.none')}
      </span>
      {contact.holdMs > 0 ? (
        <span>
          {t('quality.evaluation.hold')}: {formatDuration(contact.holdMs)}
        </span>
      ) : null}
      {contact.csat !== null ? (
        <span>
          {t('quality.evaluation.csat')}: {contact.csat}
        </span>
      ) : null}
      {contact.complaint ? <Tag color="red">{t('quality.reason.complaint')}</Tag> : null}
      {contact.transferred ? <Tag>{t('quality.reason.transfer')}</Tag> : null}
    </Flex>
  );
}

export function FindingsList({ contact, onSeek }: { contact: QualityContact | null; onSeek?: (ms: number) => void }) {
  const { t } = useTranslation();
  const findings = contact?.findings ?? [];
  return (
    <Card size="small" title={t('quality.evaluation.findings')} data-testid={QUALITY_IDS.findings}>
      {findings.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={contact?.autoCheckedAt ? t('quality.evaluation.noFindings') : t('quality.evaluation.notChecked')}
        />
      ) : (
        <List
          size="small"
          dataSource={findings}
          renderItem={(f, i) => (
            <List.Item data-testid={QUALITY_IDS.finding(i)}>
              <Flex gap={8} align="center" wrap>
                <Moment ms={f.atMs} onSeek={onSeek} />
                <Tag color={FINDING_COLOR[f.kind]}>{t(`quality.findingKind.${f.kind}`)}</Tag>
                {f.speaker ? (
                  <Typography.Text type="secondary">{t(`quality.speaker.${f.speaker}`)}</Typography.Text>
                ) : null}
                {f.text ? <Typography.Text mark>{f.text}</Typography.Text> : null}
                {f.durationMs ? (
                  <Typography.Text type="secondary">
                    {t('quality.evaluation.lasting', { time: formatDuration(f.durationMs) })}
                  </Typography.Text>
                ) : null}
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

export function Transcript({
  lines,
  onSeek,
}: {
  lines: readonly TranscriptLine[] | null | undefined;
  onSeek?: (ms: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('quality.evaluation.transcript')} data-testid={QUALITY_IDS.transcript}>
      {!lines || lines.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.evaluation.noTranscript')} />
      ) : (
        <div style={{ maxHeight: 360, overflowY: 'auto' }}>
          {lines.map((line, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a transcript's lines never move
            <Flex key={i} gap={8} style={{ padding: '4px 0' }}>
              <span style={{ minWidth: 44 }}>
                <Moment ms={line.startMs} onSeek={onSeek} />
              </span>
              <Tag color={line.speaker === 'agent' ? 'blue' : 'green'} style={{ height: 'fit-content' }}>
                {t(`quality.speaker.${line.speaker}`)}
              </Tag>
              <Typography.Text>{line.text}</Typography.Text>
            </Flex>
          ))}
        </div>
      )}
    </Card>
  );
}
