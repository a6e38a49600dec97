import { TranslationOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Result, Spin, Typography } from 'antd';
import { type CSSProperties, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import {
  COMMENT_MAX,
  type PublicSurvey,
  SCORE_RANGES,
  type ScoreQuestion,
  type SurveyLanguage,
} from '../../../../contracts/surveys';
import { isApiError } from '../../app/api-client';
import { answerPublicSurvey, fetchPublicSurvey } from './api';
import { SURVEYS_IDS } from './testids';

type State =
  | { kind: 'loading' }
  | { kind: 'form'; survey: PublicSurvey }
  | { kind: 'thanks' }
  | { kind: 'used' | 'expired' | 'not_found' | 'failed' };

const PAGE: CSSProperties = {
  minHeight: '100vh',
  background: '#f5f7fa',
  padding: '24px 16px 48px',
  boxSizing: 'border-box',
};
const CARD: CSSProperties = {
  maxWidth: 560,
  margin: '0 auto',
  background: '#fff',
  borderRadius: 12,
  padding: '24px 20px',
  boxShadow: '0 1px 4px rgba(0,0,0,0.08)',
};

function languageOf(err: unknown): SurveyLanguage | undefined {
  if (!isApiError(err)) return undefined;
  const l = (err.details as { language?: unknown } | undefined)?.language;
  return l === 'en-US' || l === 'zh-CN' ? l : undefined;
}

/** One question's scale as a row of large buttons (a phone's thumb), the ends labelled. */
function ScaleQuestion(props: {
  question: ScoreQuestion;
  label: string;
  low: string;
  high: string;
  value: number | undefined;
  onChange(v: number): void;
  scoreLabel(v: number): string;
}) {
  const [min, max] = SCORE_RANGES[props.question];
  const values = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const id = `survey-q-${props.question}`;
  return (
    <fieldset style={{ border: 0, margin: '0 0 28px', padding: 0 }}>
      <legend id={id} style={{ fontSize: 17, fontWeight: 600, marginBottom: 12 }}>
        {props.label}
      </legend>
      <div
        role="radiogroup"
        aria-labelledby={id}
        style={{
          display: 'grid',
          gridTemplateColumns: `repeat(${values.length > 7 ? 6 : values.length}, 1fr)`,
          gap: 8,
        }}
      >
        {values.map((v) => {
          const selected = props.value === v;
          return (
            <Button
              key={v}
              role="radio"
              aria-checked={selected}
              aria-label={props.scoreLabel(v)}
              type={selected ? 'primary' : 'default'}
              onClick={() => props.onChange(v)}
              data-testid={SURVEYS_IDS.score(props.question, v)}
              style={{ height: 52, fontSize: 18, padding: 0 }}
            >
              {v}
            </Button>
          );
        })}
      </div>
      <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 6, color: '#8c8c8c', fontSize: 13 }}>
        <span>
          {min} = {props.low}
        </span>
        <span>
          {max} = {props.high}
        </span>
      </div>
    </fieldset>
  );
}

/**
 * The customer's survey page (`/s/:token`, from an SMS or e-mail link): no login and no app shell,
 * in the invitation's language with a switch, one submission.
 */
export function SurveyPublicPage() {
  const { token = '' } = useParams();
  const { i18n } = useTranslation();
  const [lang, setLang] = useState<SurveyLanguage>('zh-CN');
  const t = i18n.getFixedT(lang);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [scores, setScores] = useState<Partial<Record<ScoreQuestion, number>>>({});
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('surveys.public.title');
  }, [lang, t]);

  const failure = (err: unknown): State => {
    const l = languageOf(err);
    if (l) setLang(l);
    if (isApiError(err, 'SURVEYS.LINK_USED')) return { kind: 'used' };
    if (isApiError(err, 'SURVEYS.LINK_EXPIRED')) return { kind: 'expired' };
    if (isApiError(err, 'SURVEYS.LINK_NOT_FOUND') || (isApiError(err) && err.status === 400))
      return { kind: 'not_found' };
    return { kind: 'failed' };
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` reloads on retry
  useEffect(() => {
    const ac = new AbortController();
    setState({ kind: 'loading' });
    fetchPublicSurvey(token, ac.signal).then(
      (survey) => {
        setLang(survey.language);
        setState({ kind: 'form', survey });
      },
      (err) => {
        if (!ac.signal.aborted) setState(failure(err));
      },
    );
    return () => ac.abort();
  }, [token, attempt]);

  const asked = state.kind === 'form' ? state.survey.questions : [];
  const scoreQuestions = asked.filter((q): q is ScoreQuestion => q !== 'text');

  const submit = async () => {
    if (scoreQuestions.some((q) => scores[q] === undefined)) {
      setMissing(true);
      return;
    }
    setSending(true);
    setSendError(null);
    try {
      await answerPublicSurvey(token, {
        ...Object.fromEntries(scoreQuestions.map((q) => [q, scores[q]])),
        ...(asked.includes('text') && comment.trim() ? { comment: comment.trim() } : {}),
      });
      setState({ kind: 'thanks' });
    } catch (err) {
      const next = failure(err);
      if (next.kind === 'failed') setSendError(t('surveys.public.failed'));
      else setState(next);
    } finally {
      setSending(false);
    }
  };

  const other: SurveyLanguage = lang === 'zh-CN' ? 'en-US' : 'zh-CN';
  const header = (
    <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 16 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('surveys.public.title')}
      </Typography.Title>
      <Button
        type="text"
        icon={<TranslationOutlined />}
        onClick={() => setLang(other)}
        data-testid={SURVEYS_IDS.langSwitch}
        lang={other}
        style={{ minHeight: 44 }}
      >
        {other === 'en-US' ? 'English' : '中文'}
      </Button>
    </div>
  );

  const end = (status: 'success' | 'info' | 'warning', title: string, sub: string, testId: string) => (
    <Result status={status} title={title} subTitle={sub} data-testid={testId} />
  );

  let body: React.ReactNode;
  switch (state.kind) {
    case 'loading':
      body = (
        <div style={{ textAlign: 'center', padding: 48 }}>
          <Spin size="large" />
        </div>
      );
      break;
    case 'thanks':
      body = end('success', t('surveys.public.thanksTitle'), t('surveys.public.thanks'), SURVEYS_IDS.thanks);
      break;
    case 'used':
      body = end('info', t('surveys.public.usedTitle'), t('surveys.public.used'), SURVEYS_IDS.used);
      break;
    case 'expired':
      body = end('warning', t('surveys.public.expiredTitle'), t('surveys.public.expired'), SURVEYS_IDS.expired);
      break;
    case 'not_found':
      body = end('warning', t('surveys.public.notFoundTitle'), t('surveys.public.notFound'), SURVEYS_IDS.notFound);
      break;
    case 'failed':
      body = (
        <Result
          status="error"
          title={t('surveys.public.failedTitle')}
          subTitle={t('surveys.public.failed')}
          extra={
            <Button type="primary" size="large" onClick={() => setAttempt((a) => a + 1)}>
              {t('surveys.public.retry')}
            </Button>
          }
        />
      );
      break;
    case 'form': {
      const intro = (lang === 'zh-CN' ? state.survey.introZh : state.survey.introEn) || t('surveys.public.intro');
      body = (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Typography.Paragraph style={{ fontSize: 15, marginBottom: 24 }}>{intro}</Typography.Paragraph>
          {scoreQuestions.map((q) => (
            <ScaleQuestion
              key={q}
              question={q}
              label={t(`surveys.public.${q}`)}
              low={t(`surveys.public.${q}Low`)}
              high={t(`surveys.public.${q}High`)}
              value={scores[q]}
              scoreLabel={(v) => t('surveys.public.score', { score: v })}
              onChange={(v) => {
                setScores((s) => ({ ...s, [q]: v }));
                setMissing(false);
              }}
            />
          ))}
          {asked.includes('text') ? (
            <div style={{ marginBottom: 24 }}>
              <label
                htmlFor="survey-comment"
                style={{ display: 'block', fontSize: 17, fontWeight: 600, marginBottom: 12 }}
              >
                {t('surveys.public.text')}
              </label>
              <Input.TextArea
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                maxLength={COMMENT_MAX}
                autoSize={{ minRows: 3, maxRows: 8 }}
                placeholder={t('surveys.public.textPlaceholder')}
                id="survey-comment"
                data-testid={SURVEYS_IDS.comment}
                style={{ fontSize: 16 }}
              />
            </div>
          ) : null}
          {missing ? (
            <Alert type="warning" showIcon message={t('surveys.public.required')} style={{ marginBottom: 16 }} />
          ) : null}
          {sendError ? <Alert type="error" showIcon message={sendError} style={{ marginBottom: 16 }} /> : null}
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={sending}
            data-testid={SURVEYS_IDS.submit}
            style={{ height: 52, fontSize: 18 }}
          >
            {t('surveys.public.submit')}
          </Button>
        </form>
      );
      break;
    }
  }

  return (
    <main style={PAGE} lang={lang} data-testid={SURVEYS_IDS.publicPage}>
      <div style={CARD}>
        {header}
        {body}
      </div>
    </main>
  );
}
