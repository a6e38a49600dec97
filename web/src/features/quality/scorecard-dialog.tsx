import { Alert, App, Col, Flex, Form, Input, Row, Segmented, Select, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Scorecard, ScorecardContent } from '../../../../contracts/quality';
import { validationIssues } from '../../app/errors';
import { useQueues } from '../../app/lookups';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { useInvalidateQuality } from './api';
import { ScorecardEditor, SECTIONS } from './scorecard-editor';
import { type ContentIssue, contentProblems } from './scorecard-json';
import {
  type ContentValues,
  type ItemValues,
  newSection,
  type ProblemKind,
  problemKind,
  problemPlace,
  publishedKeysOf,
  toContent,
  toValues,
} from './scorecard-values';
import { createScorecard, updateScorecard } from './settings-api';
import { QUALITY_IDS } from './testids';

type Mode = 'form' | 'json';
type Values = { name: string; queueIds: string[]; content: ContentValues; json: string };
/** A content problem: zod's (with its code) or the server's (its words only). */
type Problem = { path: readonly PropertyKey[]; code?: string; message: string };

const WORDS: Record<ProblemKind, string> = {
  keyTaken: 'qualityAdmin.scorecards.editor.keyTaken',
  keyRule: 'qualityAdmin.rules.keyRule',
  weightMin: 'qualityAdmin.scorecards.editor.weightMin',
  scaleMaxRange: 'qualityAdmin.scorecards.editor.scaleMaxRange',
  answerTypeKind: 'qualityAdmin.scorecards.editor.answerTypeKind',
  choose: 'qualityAdmin.scorecards.editor.choose',
  required: 'qualityAdmin.scorecards.editor.required',
  tooLong: 'qualityAdmin.scorecards.editor.tooLong',
  needItem: 'qualityAdmin.scorecards.editor.needItem',
  needSection: 'qualityAdmin.scorecards.editor.needSection',
  noRequired: 'qualityAdmin.scorecards.editor.noRequired',
};

const pathText = (path: readonly PropertyKey[]) => path.map(String).join('.') || '(root)';

function checked(value: unknown): { content?: ScorecardContent; problems: ContentIssue[] } {
  const parsed = ScorecardContent.safeParse(value);
  if (parsed.success) return { content: parsed.data, problems: [] };
  return { problems: parsed.error.issues.map((i) => ({ path: i.path, code: i.code, message: i.message })) };
}

/**
 * Create a scorecard or edit its draft: the content in a form by default, or as JSON (advanced) for
 * whoever prefers the text; both edit the same value, and switching converts it and says what is
 * wrong. Checked against the contract before it is sent; the server's refusals land on the fields.
 */
export function ScorecardDialog({
  scorecard,
  template,
  onClose,
}: {
  scorecard?: Scorecard;
  template?: ScorecardContent;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queues = useQueues();
  const invalidate = useInvalidateQuality();
  const [form] = Form.useForm<Values>();
  const [mode, setMode] = useState<Mode>('form');
  const [problems, setProblems] = useState<string[]>([]);
  // After JSON is opened in the form: mark its mistakes on the fields once they are there.
  const [validateOnShow, setValidateOnShow] = useState(false);
  const published = useMemo(() => publishedKeysOf(scorecard?.content), [scorecard]);

  /** A problem in the screen's language where the editor knows it, else in the contract's words. */
  const say = ({ path, code, message: text }: Problem): string => {
    const kind = code === undefined ? undefined : problemKind(path, code);
    return kind ? t(WORDS[kind]) : text;
  };
  /** As JSON shows it: "sections.1.items.2.weight: …". */
  const jsonProblem = (p: Problem) => (p.code === 'json' ? p.message : `${pathText(p.path)}: ${say(p)}`);

  /** As the form shows it: "Section 2, item 3 · Weight: …". */
  const formProblem = (problem: Problem): string => {
    const { path } = problem;
    const text = say(problem);
    const place = problemPlace(path);
    if (place.section === undefined) return text;
    const where =
      place.item === undefined
        ? t('qualityAdmin.scorecards.editor.atSection', { section: place.section + 1 })
        : t('qualityAdmin.scorecards.editor.atItem', { section: place.section + 1, item: place.item + 1 });
    const item = form.getFieldValue([...SECTIONS, place.section, 'items', place.item ?? -1]) as ItemValues | undefined;
    const labels: Record<string, string> = {
      title: t('qualityAdmin.scorecards.editor.sectionTitle'),
      label: t('qualityAdmin.scorecards.editor.label'),
      kind: t('qualityAdmin.scorecards.editor.kind'),
      weight: t(`qualityAdmin.scorecards.editor.weight.${item?.kind ?? 'required'}`),
      answerType: t('qualityAdmin.scorecards.editor.answerType'),
      scaleMax: t('qualityAdmin.scorecards.editor.scaleMax'),
      allowNa: t('qualityAdmin.scorecards.editor.allowNa'),
      autoCheck: t('qualityAdmin.scorecards.editor.autoCheck'),
      key: t('qualityAdmin.scorecards.editor.key'),
      guidance: t('qualityAdmin.scorecards.editor.guidance'),
    };
    const field = place.field && labels[place.field];
    return `${where}${field ? ` · ${field}` : ''}: ${text}`;
  };

  /** The content to send, or its problems (the contract's words, placed where the mode shows them). */
  function contentOf(): { content?: ScorecardContent; problems: ContentIssue[] } {
    if (mode === 'json') {
      const found = contentProblems(form.getFieldValue('json') ?? '');
      return { content: found.content, problems: found.issues };
    }
    return checked(toContent(form.getFieldValue('content') ?? { sections: [] }));
  }

  const save = useFormSubmit(
    form,
    async (v: Values) => {
      const { content } = contentOf();
      if (!content) throw new Error('checked before it is sent');
      const body = { name: v.name.trim(), queueIds: v.queueIds, content };
      return scorecard ? updateScorecard(scorecard.id, body) : createScorecard(body);
    },
    {
      fieldsByCode: { 'QUALITY.SCORECARD_NAME_TAKEN': 'name' },
      onSuccess: () => {
        void invalidate();
        void message.success(t('qualityAdmin.scorecards.saved'));
        onClose();
      },
      onError: (e) => {
        // The content's problems are listed too: in the form some have no field of their own (the
        // sections' keys), in JSON none has.
        const issues = validationIssues(e).flatMap((i): Problem[] => {
          const path = (Array.isArray(i.path) ? i.path : String(i.path ?? '').split('.')).map(String);
          return path[0] === 'content' ? [{ path: path.slice(1), message: i.message }] : [];
        });
        if (!issues.length) return;
        setProblems(issues.map(mode === 'json' ? jsonProblem : formProblem));
        // The fields get their errors next (useFormSubmit); bring the first into view.
        const first = issues[0];
        if (mode === 'form' && first) form.scrollToField(['content', ...first.path.map(String)], { block: 'center' });
      },
    },
  );

  const submit = (v: Values) => {
    const found = contentOf();
    if (!found.content) {
      if (mode === 'json') setProblems(found.problems.map(jsonProblem));
      else {
        setProblems(found.problems.map(formProblem));
        form.setFields(
          found.problems.map((p) => ({ name: ['content', ...p.path.map(String)] as never, errors: [say(p)] })),
        );
      }
      return;
    }
    setProblems([]);
    save.submit(v);
  };

  const switchTo = (next: Mode) => {
    if (next === mode) return;
    if (next === 'json') {
      const content = toContent(form.getFieldValue('content') ?? { sections: [] });
      form.setFieldValue('json', JSON.stringify(content, null, 2));
      setProblems(checked(content).problems.map(jsonProblem));
      setMode('json');
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(form.getFieldValue('json') ?? '');
    } catch (e) {
      setProblems([t('qualityAdmin.scorecards.editor.jsonBroken'), e instanceof Error ? e.message : String(e)]);
      return;
    }
    const values = toValues(raw, published);
    if (!values) {
      setProblems([t('qualityAdmin.scorecards.editor.notContent')]);
      return;
    }
    form.setFieldValue('content', values);
    const found = checked(raw).problems;
    setProblems(found.map(formProblem));
    setValidateOnShow(found.length > 0);
    setMode('form');
  };

  useEffect(() => {
    if (mode !== 'form' || !validateOnShow) return;
    setValidateOnShow(false);
    void form.validateFields([['content']], { recursive: true }).catch(() => undefined);
  }, [mode, validateOnShow, form]);

  const initial = scorecard?.draft ?? scorecard?.content ?? template ?? { sections: [newSection()] };
  return (
    <FormModal<Values>
      title={
        scorecard
          ? t('qualityAdmin.scorecards.editDraft', { name: scorecard.name })
          : t('qualityAdmin.scorecards.create')
      }
      onClose={onClose}
      form={form}
      initialValues={{
        name: scorecard?.name ?? '',
        queueIds: scorecard?.queueIds ?? [],
        content: toValues(initial, published) ?? { sections: [newSection()] },
        json: '',
      }}
      onFinish={submit}
      pending={save.pending}
      submitLabel={t('qualityAdmin.scorecards.saveDraft')}
      submitTestId={QUALITY_IDS.scorecardSave}
      formError={problems.length ? undefined : save.formError}
      scrollToFirstError={{ block: 'center' }}
      width={1040}
    >
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Form.Item
            name="name"
            label={t('qualityAdmin.scorecards.name')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={14}>
          <Form.Item
            name="queueIds"
            label={t('qualityAdmin.scorecards.queues')}
            extra={t('qualityAdmin.scorecards.queuesHint')}
          >
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              options={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('qualityAdmin.scorecards.editor.title')}
        </Typography.Title>
        <Segmented<Mode>
          value={mode}
          onChange={switchTo}
          data-testid={QUALITY_IDS.scorecardMode}
          options={(['form', 'json'] as const).map((m) => ({
            value: m,
            label: (
              <span data-testid={QUALITY_IDS.scorecardModeOption(m)}>
                {t(`qualityAdmin.scorecards.editor.mode.${m}`)}
              </span>
            ),
          }))}
        />
      </Flex>
      {mode === 'form' ? (
        <ScorecardEditor />
      ) : (
        <Form.Item name="json" extra={t('qualityAdmin.scorecards.contentHint')}>
          <Input.TextArea
            aria-label={t('qualityAdmin.scorecards.content')}
            autoSize={{ minRows: 14, maxRows: 28 }}
            spellCheck={false}
            style={{ fontFamily: 'monospace', fontSize: 12 }}
            onChange={() => setProblems([])}
            data-testid={QUALITY_IDS.scorecardJson}
          />
        </Form.Item>
      )}
      {problems.length ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          data-testid={QUALITY_IDS.scorecardProblems}
          title={t('qualityAdmin.scorecards.invalid')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {problems.slice(0, 12).map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      ) : null}
    </FormModal>
  );
}
