import { ArrowLeftOutlined, CheckCircleOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Space, Steps, Tag, Typography } from 'antd';
import { Fragment, type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TreeNode, Validity } from '../../../contracts/knowledge';

/**
 * The pieces every screen that shows a knowledge article shares (the knowledge page, the agent
 * desktop): the sanitised body, the troubleshooting tree player, highlighted search text and the
 * tag saying whether the text may be quoted now. Strings under `knowledgeArticle.*`.
 */

export type ArticleBodyProps = {
  /** HTML already sanitised by the server (a small set of tags). */
  html: string;
  testId?: string;
};

/** An article's body: the server sanitises it, so it is rendered as HTML in a readable container. */
export function ArticleBody({ html, testId }: ArticleBodyProps) {
  const { t } = useTranslation();
  if (!html.trim()) return <Typography.Text type="secondary">{t('knowledgeArticle.emptyBody')}</Typography.Text>;
  return (
    <div
      className="knowledge-article-body"
      data-testid={testId}
      style={{ lineHeight: 1.75, fontSize: 15, overflowWrap: 'anywhere', maxWidth: 860 }}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: the server sanitises article bodies (sanitize-html) before storing them.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

export type HighlightedProps = {
  text: string;
  /** [start, end) offsets in UTF-16 code units, as the search returns them. */
  ranges: readonly (readonly [number, number])[];
};

/** `text` cut into plain and marked parts; ranges are clipped to the text, sorted, and overlaps merged. */
export function highlightParts(
  text: string,
  ranges: readonly (readonly [number, number])[],
): { text: string; mark: boolean }[] {
  const sorted = ranges
    .map(([s, e]) => [Math.max(0, s), Math.min(text.length, e)] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const out: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const [s, e] of sorted) {
    if (e <= at) continue;
    const start = Math.max(s, at);
    if (start > at) out.push({ text: text.slice(at, start), mark: false });
    const last = out[out.length - 1];
    if (start === at && last?.mark) last.text += text.slice(start, e);
    else out.push({ text: text.slice(start, e), mark: true });
    at = e;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}

/** Text with the words found marked (<mark>); overlapping or out-of-range ranges are tolerated. */
export function Highlighted({ text, ranges }: HighlightedProps) {
  const parts = useMemo(() => highlightParts(text, ranges), [text, ranges]);
  return (
    <>
      {parts.map((p, i) =>
        p.mark ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never reorder.
          <mark key={i} style={{ padding: 0, background: '#ffe58f' }}>
            {p.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never reorder.
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </>
  );
}

const VALIDITY_COLOR: Record<Validity, string> = {
  current: 'green',
  scheduled: 'blue',
  expired: 'red',
  unpublished: 'default',
};

export type ValidityTagProps = {
  validity: Validity;
  testId?: string;
};

/** Whether the published text may be quoted now (生效中 / 未生效 / 已失效 / 未发布). */
export function ValidityTag({ validity, testId }: ValidityTagProps) {
  const { t } = useTranslation();
  return (
    <Tag color={VALIDITY_COLOR[validity]} data-testid={testId} data-validity={validity}>
      {t(`knowledgeArticle.validity.${validity}`)}
    </Tag>
  );
}

export type ExpiredWarningProps = { validity: Validity; testId?: string };

/** The red warning over an expired (or not yet effective) article: never quote it to a customer. */
export function ValidityWarning({ validity, testId }: ExpiredWarningProps) {
  const { t } = useTranslation();
  if (validity === 'expired')
    return (
      <Alert
        type="error"
        showIcon
        icon={<WarningOutlined />}
        title={t('knowledgeArticle.expiredWarning')}
        data-testid={testId}
        style={{ marginBottom: 16 }}
      />
    );
  if (validity === 'scheduled')
    return (
      <Alert
        type="info"
        showIcon
        title={t('knowledgeArticle.scheduledWarning')}
        data-testid={testId}
        style={{ marginBottom: 16 }}
      />
    );
  return null;
}

export type TreePlayerProps = {
  tree: readonly TreeNode[];
  /** `data-testid` of an answer button (by step id and answer index). */
  answerTestId?: (stepId: string, index: number) => string;
  /** Called when an outcome step is reached (usage, the desktop's notes). */
  onOutcome?: (path: readonly string[]) => void;
};

/**
 * A troubleshooting tree (故障树) clicked through on a call: the current step's question with its
 * answers as buttons, the path taken so far, back and restart. A step without answers is the result.
 */
export function TreePlayer({ tree, answerTestId, onOutcome }: TreePlayerProps) {
  const { t } = useTranslation();
  const byId = useMemo(() => new Map(tree.map((n) => [n.id, n])), [tree]);
  const first = tree[0];
  // Each entry: the step shown and the answer label chosen to leave it (on all but the last).
  const [path, setPath] = useState<{ id: string; answer?: string }[]>(first ? [{ id: first.id }] : []);
  if (!first) return <Typography.Text type="secondary">{t('knowledgeArticle.tree.empty')}</Typography.Text>;
  const current = byId.get(path[path.length - 1]?.id ?? first.id);
  const choose = (label: string, next: string) => {
    const nextPath = [...path.slice(0, -1), { ...path[path.length - 1]!, answer: label }, { id: next }];
    setPath(nextPath);
    const target = byId.get(next);
    if (target && target.answers.length === 0) onOutcome?.(nextPath.map((p) => p.id));
  };
  const outcome = current ? current.answers.length === 0 : false;
  let body: ReactNode;
  if (!current) {
    body = <Alert type="warning" showIcon title={t('knowledgeArticle.tree.missingStep')} />;
  } else if (outcome) {
    body = (
      <Alert
        type="success"
        showIcon
        icon={<CheckCircleOutlined />}
        title={t('knowledgeArticle.tree.result')}
        description={<div style={{ whiteSpace: 'pre-wrap', fontSize: 15 }}>{current.text}</div>}
      />
    );
  } else {
    body = (
      <>
        <Typography.Paragraph strong style={{ fontSize: 16, whiteSpace: 'pre-wrap' }}>
          {current.text}
        </Typography.Paragraph>
        <Flex gap={8} wrap role="group" aria-label={t('knowledgeArticle.tree.answers')}>
          {current.answers.map((a, i) => (
            <Button
              key={`${a.label}-${a.next}`}
              type={i === 0 ? 'primary' : 'default'}
              onClick={() => choose(a.label, a.next)}
              data-testid={answerTestId?.(current.id, i)}
            >
              {a.label}
            </Button>
          ))}
        </Flex>
      </>
    );
  }
  return (
    <Card size="small" className="knowledge-tree-player">
      <Flex vertical gap={16}>
        {path.length > 1 ? (
          <Steps
            orientation="vertical"
            size="small"
            current={path.length - 1}
            aria-label={t('knowledgeArticle.tree.path')}
            items={path.slice(0, -1).map((p) => ({
              title: byId.get(p.id)?.text ?? p.id,
              description: p.answer ? t('knowledgeArticle.tree.answered', { answer: p.answer }) : undefined,
              status: 'finish',
            }))}
          />
        ) : null}
        <div>{body}</div>
        <Space>
          <Button
            icon={<ArrowLeftOutlined />}
            disabled={path.length < 2}
            onClick={() => setPath(path.slice(0, -1).map((p, i, all) => (i === all.length - 1 ? { id: p.id } : p)))}
          >
            {t('knowledgeArticle.tree.back')}
          </Button>
          <Button icon={<ReloadOutlined />} disabled={path.length < 2} onClick={() => setPath([{ id: first.id }])}>
            {t('knowledgeArticle.tree.restart')}
          </Button>
        </Space>
      </Flex>
    </Card>
  );
}
