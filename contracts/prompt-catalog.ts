/**
 * The shipped prompt library with meaning: what each prompt of `server/assets/prompts/<language>/`
 * is for (in both UI languages) and the words its recording speaks (`scripts/generate-prompts.sh`).
 * A unit test checks that every shipped WAV has an entry here and every entry a WAV, and that the
 * texts match the script that recorded them.
 */
import type { PromptLanguage } from './prompts';

export type PromptDescription = { 'zh-CN': string; 'en-US': string };
export type PromptCatalogEntry = { description: PromptDescription; text: string | null };

const d = (zh: string, en: string): PromptDescription => ({ 'zh-CN': zh, 'en-US': en });

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
const EN_TEENS = [
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const EN_TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** What each key is for, whatever language folder it sits in. */
const PURPOSES: Record<string, PromptDescription> = {
  welcome: d('开场欢迎语：来电接通后首先播放', 'Greeting: the first words a caller hears'),
  menu: d(
    '主菜单：列出按键选项（话费、报修、投诉、人工）',
    'Main menu: lists the keys (billing, faults, complaints, agent)',
  ),
  invalid: d('按键无效：请来电者重新输入', 'Invalid key: asks the caller to try again'),
  'no-input': d(
    '未输入：超时未按键时请来电者重新输入',
    'No input: the caller pressed nothing in time and is asked again',
  ),
  'recording-notice': d(
    '录音提示：告知本次通话可能被录音',
    'Recording notice: tells the caller the call may be recorded',
  ),
  'please-hold': d('转人工：进入队列时请来电者稍候', 'Transfer to an agent: played as the caller enters the queue'),
  'position-before': d(
    '排队位置（前半句）：后接前面等待的人数',
    'Queue position, first half: followed by the number of callers ahead',
  ),
  'position-after': d('排队位置（后半句）：接在人数之后', 'Queue position, second half: follows the number'),
  'wait-before': d('预计等待时间（前半句）：后接分钟数', 'Estimated wait, first half: followed by the minutes'),
  'wait-minutes': d('预计等待时间（后半句）：接在分钟数之后', 'Estimated wait, second half: follows the number'),
  'callback-offer': d('回电邀请：排队时提供按1预约回电', 'Call-back offer: while queued, press 1 to be called back'),
  'callback-confirm': d('回电确认：预约回电成功后道别', 'Call-back confirmed: the call back is booked, then goodbye'),
  voicemail: d('留言提示：请来电者在提示音后留言', 'Voicemail: asks the caller to leave a message after the tone'),
  survey: d('满意度调查：请来电者按1到5评价服务', 'Satisfaction survey: rate the service with keys 1 to 5'),
  thanks: d('评价致谢：满意度调查结束后播放', 'Survey thanks: played after the rating'),
  closed: d('非工作时间：告知服务时间', 'Closed: outside business hours, gives the opening hours'),
  goodbye: d('结束语：挂机前道别', 'Goodbye: played before hanging up'),
  'all-lines-busy': d(
    '线路繁忙：系统过载拒接新来电时播放，随后挂机',
    'All lines busy: played to a call Kefu sheds under overload, then it hangs up',
  ),
  'enter-account': d(
    '输入号码：请来电者输入手机号码并以井号键结束',
    'Enter number: asks for a phone number ended by the hash key',
  ),
  'balance-is': d('余额播报（前半句）：后接金额', 'Balance read-out, first half: followed by the amount'),
  yuan: d('金额单位“元”：播报金额时使用', 'Currency word "yuan": used when reading out amounts'),
  point: d('小数点：播报数字时使用', 'Decimal point: used when reading out numbers'),
  ten: d('数字播报：十', 'Number read-out: ten'),
  hundred: d('数字播报：百', 'Number read-out: hundred'),
  thousand: d('数字播报：千', 'Number read-out: thousand'),
  'ten-thousand': d('数字播报：万', 'Number read-out: ten thousand'),
  default: d('等待音乐：排队和保持时循环播放', 'Music on hold: looped while queued or on hold'),
  beep: d('提示音：留言开始前的“嘀”声', 'Beep: the tone before a voicemail message'),
};
for (let i = 0; i <= 9; i++) PURPOSES[`digit-${i}`] = d(`数字播报：${i}`, `Number read-out: ${i}`);
for (let i = 1; i <= 9; i++) PURPOSES[`teen-1${i}`] = d(`英文数字播报：1${i}`, `Number read-out: 1${i}`);
for (let i = 2; i <= 9; i++) PURPOSES[`tens-${i}`] = d(`英文数字播报：${i}0`, `Number read-out: ${i}0`);

/** The words each shipped recording speaks, per language folder (null: no words, e.g. music). */
const TEXTS: Record<PromptLanguage, Record<string, string | null>> = {
  'zh-CN': {
    welcome: '您好，欢迎致电客服热线。',
    menu: '话费查询请按1，故障报修请按2，投诉建议请按3，人工服务请按0。',
    invalid: '输入有误，请重新输入。',
    'no-input': '您没有输入，请重新输入。',
    'recording-notice': '本次通话可能会被录音。',
    'please-hold': '正在为您转接人工服务，请稍候。',
    'position-before': '您前面还有',
    'position-after': '位客户在等待。',
    'wait-before': '预计等待时间约',
    'wait-minutes': '分钟。',
    'callback-offer': '如需稍后回电，请按1。',
    'callback-confirm': '已为您登记回电，我们会尽快与您联系，再见。',
    voicemail: '请在提示音后留言，按井号键结束。',
    survey: '请对本次服务进行评价，非常满意请按5，满意请按4，一般请按3，不满意请按2，非常不满意请按1。',
    thanks: '感谢您的评价。',
    closed: '您好，现在是非工作时间，我们的服务时间是每天八点到二十点。',
    goodbye: '感谢您的来电，再见。',
    'all-lines-busy': '您好，线路繁忙，请稍后再拨。',
    'enter-account': '请输入您的手机号码，以井号键结束。',
    'balance-is': '您的话费余额为',
    yuan: '元',
    point: '点',
    ...Object.fromEntries(ZH_DIGITS.map((w, i) => [`digit-${i}`, w])),
    ten: '十',
    hundred: '百',
    thousand: '千',
    'ten-thousand': '万',
  },
  'en-US': {
    welcome: 'Hello, and thank you for calling.',
    menu: 'For billing, press 1. To report a fault, press 2. For complaints and suggestions, press 3. To speak to an agent, press 0.',
    invalid: 'Sorry, that is not a valid choice. Please try again.',
    'no-input': 'We did not receive your input. Please try again.',
    'recording-notice': 'This call may be recorded.',
    'please-hold': 'Please hold while we connect you to an agent.',
    'position-before': 'Callers ahead of you:',
    'position-after': '.',
    'wait-before': 'Your estimated waiting time is about',
    'wait-minutes': 'minutes.',
    'callback-offer': 'To receive a call back instead of waiting, press 1.',
    'callback-confirm': 'Your call back is booked. We will call you soon. Goodbye.',
    voicemail: 'Please leave a message after the tone, and press the hash key when you are done.',
    survey: 'Please rate our service from 1 to 5, where 5 is very satisfied.',
    thanks: 'Thank you for your feedback.',
    closed: 'We are closed now. Our hours are eight a.m. to eight p.m. every day.',
    goodbye: 'Thank you for calling. Goodbye.',
    'all-lines-busy': 'All lines are busy. Please call again later.',
    'enter-account': 'Please enter your phone number, followed by the hash key.',
    'balance-is': 'Your balance is',
    yuan: 'yuan',
    point: 'point',
    ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`digit-${i}`, String(i)])),
    ten: 'ten',
    hundred: 'hundred',
    thousand: 'thousand',
    'ten-thousand': 'ten thousand',
    ...Object.fromEntries(EN_TEENS.map((w, i) => [`teen-1${i + 1}`, w])),
    ...Object.fromEntries(EN_TENS.map((w, i) => [`tens-${i + 2}`, w])),
  },
  music: { default: null, beep: null },
};

/** Every shipped prompt key of a language folder. */
export const shippedPromptKeys = (language: PromptLanguage): string[] => Object.keys(TEXTS[language]);

/** Keys that have a purpose (for the test: no purpose without a prompt). */
export const describedPromptKeys = (): string[] => Object.keys(PURPOSES);

/** The catalogue entry of a shipped prompt; undefined for a key Kefu does not ship in that folder. */
export function promptCatalogEntry(language: PromptLanguage, key: string): PromptCatalogEntry | undefined {
  const texts = TEXTS[language];
  const description = PURPOSES[key];
  if (!Object.hasOwn(texts, key) || !description) return undefined;
  return { description, text: texts[key] ?? null };
}
