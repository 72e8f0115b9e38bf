import type { AnomalyFeedback } from '../../contract/anomaly-events.js';
import { failureCode } from '../failure.js';
import type { ActionGuards } from '../state/action-guards.js';
import type { AnomalyLedger } from '../state/anomaly-ledger.js';
import {
  escapeHtml,
  type FunctionUrlRequest,
  type FunctionUrlResponse,
  openPage,
  page,
} from './action-page.js';
import type { ActionKeys } from './action-token.js';
import { verifyFeedbackToken } from './feedback-token.js';

/** The feedback links' path: `/f/<account>?t=<token>`. */
export const FEEDBACK_PATH = /^\/f\/(\d{12})$/;

/** What the feedback page needs: the keys, the guards, the anomaly ledger, Cost Explorer's call, the clock. */
export interface FeedbackPageDeps {
  readonly keys: ActionKeys;
  readonly guards: ActionGuards;
  readonly anomalies: AnomalyLedger;
  /** `ce:ProvideAnomalyFeedback` for the anomaly. */
  readonly provideFeedback: (anomalyId: string, feedback: AnomalyFeedback) => Promise<void>;
  readonly locale: 'en' | 'ko' | 'ja';
  readonly log: (message: string, detail: Record<string, unknown>) => void;
  readonly now: () => Date;
}

const WORDS: Record<'en' | 'ko' | 'ja', Record<AnomalyFeedback, string>> = {
  en: { PLANNED_ACTIVITY: 'expected (planned activity)', NO: 'not an anomaly', YES: 'a real anomaly' },
  ko: { PLANNED_ACTIVITY: '예상된 사용(계획된 활동)', NO: '이상 아님', YES: '실제 이상' },
  ja: { PLANNED_ACTIVITY: '想定内（計画されたアクティビティ）', NO: '異常ではない', YES: '本当の異常' },
};

const SENTENCES = {
  en: {
    ask: (what: string, id: string, account: string) =>
      `Tell AWS Cost Anomaly Detection that anomaly ${id} of account ${account} is ${what}?`,
    done: (what: string) => `Done: AWS Cost Anomaly Detection was told the anomaly is ${what}.`,
    failed: (code: string) =>
      `AWS Cost Anomaly Detection did not take the feedback (${code}). Nothing was recorded as sent; open the link again later.`,
  },
  ko: {
    ask: (what: string, id: string, account: string) =>
      `계정 ${account}의 이상 ${id}을(를) ${what}(으)로 AWS Cost Anomaly Detection에 알릴까요?`,
    done: (what: string) => `완료: AWS Cost Anomaly Detection에 ${what}(으)로 알렸습니다.`,
    failed: (code: string) =>
      `AWS Cost Anomaly Detection이 피드백을 받지 않았습니다 (${code}). 나중에 링크를 다시 여세요.`,
  },
  ja: {
    ask: (what: string, id: string, account: string) =>
      `アカウント ${account} の異常 ${id} を「${what}」として AWS Cost Anomaly Detection に伝えますか?`,
    done: (what: string) => `完了: AWS Cost Anomaly Detection に「${what}」と伝えました。`,
    failed: (code: string) =>
      `AWS Cost Anomaly Detection がフィードバックを受け付けませんでした (${code})。後でもう一度リンクを開いてください。`,
  },
} as const;

/**
 * The anomaly feedback page behind the same function URL as the alert actions: `GET /f/<account>?t=`
 * asks first and changes nothing (mail scanners prefetch links); the form's `POST` sends
 * `ProvideAnomalyFeedback` once, records the answer in the anomaly's ledger record, and claims the
 * link's nonce only when Cost Explorer took it (so a failed call can be tried again with the same
 * link). The same refusals as the action page: forged 403, expired 410, replayed 409, …
 */
export async function answerFeedbackRequest(
  request: FunctionUrlRequest,
  deps: FeedbackPageDeps,
): Promise<FunctionUrlResponse> {
  const opened = await openPage(request, deps, 'feedback refused', FEEDBACK_PATH);
  if ('refused' in opened) return opened.refused;
  const { text, now, method, source, path, form, refuse } = opened;
  const sentences = SENTENCES[deps.locale];
  const token = form.get('t');
  if (!token) return refuse('missingField', { field: 't' });
  const verified = verifyFeedbackToken(token, deps.keys, now);
  if (!verified.ok) return refuse(verified.reason);
  const { claims } = verified;
  if (claims.accountId !== path[1])
    return refuse('crossAccount', { accountId: path[1], claimed: claims.accountId });
  if (await deps.guards.nonceUsed(claims.nonce)) return refuse('replayed');
  const what = WORDS[deps.locale][claims.feedback];
  if (method === 'GET')
    return page(
      text,
      200,
      `<p>${escapeHtml(sentences.ask(what, claims.anomalyId, claims.accountId))}</p>
<form method="post" action="${escapeHtml(request.rawPath ?? '')}">
<input type="hidden" name="t" value="${escapeHtml(token)}">
<p><label for="by">${escapeHtml(text.who)}</label><br><input id="by" name="by" required maxlength="128" autocomplete="name"></p>
<p><button type="submit">${escapeHtml(text.confirm)}</button></p>
</form>`,
    );
  const by = form.get('by')?.trim().slice(0, 128);
  if (!by) return refuse('missingField', { field: 'by' });
  const at = now.toISOString();
  try {
    await deps.provideFeedback(claims.anomalyId, claims.feedback);
  } catch (err) {
    const code = failureCode(err);
    await deps.anomalies.recordFeedback(
      claims.anomalyId,
      { feedback: claims.feedback, by: `${by} (email link)`, at, result: code },
      now,
    );
    deps.log('feedback not taken', { anomalyId: claims.anomalyId, feedback: claims.feedback, code });
    return page(text, 502, `<p role="alert">${escapeHtml(sentences.failed(code))}</p>`);
  }
  // A second POST of the same link between the call and this claim sent the same value again: harmless.
  if (!(await deps.guards.claimNonce(claims.nonce, claims.exp, now))) return refuse('replayed');
  await deps.anomalies.recordFeedback(
    claims.anomalyId,
    { feedback: claims.feedback, by: `${by} (email link)`, at, result: 'sent' },
    now,
  );
  deps.log('feedback sent', { anomalyId: claims.anomalyId, feedback: claims.feedback, source });
  return page(text, 200, `<p role="status">${escapeHtml(sentences.done(what))}</p>`);
}
