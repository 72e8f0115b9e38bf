import type { AlertAction } from '../../contract/alert-lifecycle.js';

/** The action page's words in one locale. */
export interface ActionText {
  readonly title: string;
  readonly ask: (action: AlertAction, rung: string, accountId: string, hours?: number) => string;
  readonly who: string;
  readonly note: string;
  readonly confirm: string;
  readonly done: (state: string, until?: string) => string;
  readonly refused: Readonly<Record<ActionProblem, string>>;
}

/** Every way a request to the action page is refused. */
export type ActionProblem =
  | 'oversized'
  | 'malformed'
  | 'forged'
  | 'expired'
  | 'replayed'
  | 'crossAccount'
  | 'method'
  | 'missingField'
  | 'rateLimited'
  | 'notAllowed'
  | 'notFound';

const VERBS: Record<'en' | 'ko' | 'ja', Record<AlertAction, string>> = {
  en: { ack: 'Acknowledge', snooze: 'Snooze', plan: 'Mark as planned', resolve: 'Resolve' },
  ko: { ack: '확인', snooze: '일시 중지', plan: '계획된 사용으로 표시', resolve: '해결' },
  ja: { ack: '確認', snooze: 'スヌーズ', plan: '計画済みとしてマーク', resolve: '解決' },
};

/** The page's words per locale (the configured `locale`). */
export const ACTION_TEXT: Readonly<Record<'en' | 'ko' | 'ja', ActionText>> = {
  en: {
    title: 'Billing alert',
    ask: (action, rung, accountId, hours) =>
      `${VERBS.en[action]} the ${rung} alert of account ${accountId}${hours ? ` for ${hours} hours` : ''}?`,
    who: 'Your name',
    note: 'Note (optional)',
    confirm: 'Confirm',
    done: (state, until) => `Done: the alert is ${state}${until ? ` until ${until}` : ''}.`,
    refused: {
      oversized: 'This request is too large.',
      malformed: 'This link is damaged. Open it again from the email.',
      forged: 'This link was not issued by billing-alarms.',
      expired: 'This link has expired. Use a newer email or the command line.',
      replayed: 'This link was already used.',
      crossAccount: 'This link belongs to another account or rung.',
      method: 'Only GET and POST are answered here.',
      missingField: 'A field of the form is missing. Open the link again and confirm.',
      rateLimited: 'Too many requests. Wait a minute and try again.',
      notAllowed: 'This change is not possible now.',
      notFound: 'Nothing here. Open a link from a billing alert email.',
    },
  },
  ko: {
    title: '비용 알림',
    ask: (action, rung, accountId, hours) =>
      `계정 ${accountId}의 ${rung} 알림을 ${hours ? `${hours}시간 동안 ` : ''}${VERBS.ko[action]}하시겠습니까?`,
    who: '이름',
    note: '메모 (선택)',
    confirm: '확인',
    done: (state, until) => `완료: 알림 상태는 ${state}${until ? ` (${until}까지)` : ''}입니다.`,
    refused: {
      oversized: '요청이 너무 큽니다.',
      malformed: '링크가 손상되었습니다. 이메일에서 다시 여세요.',
      forged: 'billing-alarms가 발급한 링크가 아닙니다.',
      expired: '링크가 만료되었습니다.',
      replayed: '이미 사용된 링크입니다.',
      crossAccount: '다른 계정 또는 단계의 링크입니다.',
      method: 'GET과 POST만 지원합니다.',
      missingField: '양식 항목이 없습니다. 링크를 다시 여세요.',
      rateLimited: '요청이 너무 많습니다. 1분 후 다시 시도하세요.',
      notAllowed: '지금은 이 변경을 할 수 없습니다.',
      notFound: '페이지가 없습니다.',
    },
  },
  ja: {
    title: '請求アラート',
    ask: (action, rung, accountId, hours) =>
      `アカウント ${accountId} の ${rung} アラートを${hours ? `${hours} 時間` : ''}${VERBS.ja[action]}しますか？`,
    who: 'お名前',
    note: 'メモ（任意）',
    confirm: '確定',
    done: (state, until) => `完了：アラートは ${state}${until ? `（${until} まで）` : ''}です。`,
    refused: {
      oversized: 'リクエストが大きすぎます。',
      malformed: 'リンクが壊れています。メールから開き直してください。',
      forged: 'billing-alarms が発行したリンクではありません。',
      expired: 'リンクの有効期限が切れています。',
      replayed: 'このリンクは使用済みです。',
      crossAccount: '別のアカウントまたは段階のリンクです。',
      method: 'GET と POST のみ受け付けます。',
      missingField: 'フォームの項目がありません。リンクを開き直してください。',
      rateLimited: 'リクエストが多すぎます。1 分後に再試行してください。',
      notAllowed: '現在この変更はできません。',
      notFound: 'ページがありません。',
    },
  },
};
