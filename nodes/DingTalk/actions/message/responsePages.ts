/**
 * The small pages people see after tapping a Send and Wait button in DingTalk (mobile in-app
 * browser, desktop side panel, or any browser): the confirmation before an approval is recorded,
 * the recorded answer, and the reply form. Plain HTML with inline styles, no scripts.
 */

export function escapeHtml(value: unknown): string {
	return String(value ?? '').replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
	);
}

const STYLE =
	'body{font:16px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f3f5;margin:0;padding:24px;color:#171a1d}' +
	'main{max-width:480px;margin:10vh auto;background:#fff;border-radius:12px;padding:28px;box-shadow:0 1px 3px rgba(0,0,0,.08);text-align:center}' +
	'h1{font-size:20px;margin:0 0 8px}p{color:#5e6166;margin:6px 0}.zh{font-size:14px}' +
	'textarea{width:100%;box-sizing:border-box;min-height:120px;font:inherit;padding:10px;border:1px solid #d9dadc;border-radius:8px;margin:14px 0}' +
	'button{font:inherit;background:#0089ff;color:#fff;border:0;border-radius:8px;padding:10px 24px;cursor:pointer}' +
	'button.decline{background:#fff;color:#ff5219;border:1px solid #ff5219}' +
	'.message{text-align:left;background:#f7f8fa;border-radius:8px;padding:10px 14px;margin:14px 0}' +
	'.answer{font-size:18px;color:#171a1d;margin:18px 0}.hint{font-size:13px;color:#a2a3a5;margin-top:16px}.problem{color:#ff5219}';

function page(title: string, body: string): string {
	return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/**
 * A message in DingTalk's Markdown subset as HTML, escaped first: line breaks and **bold** kept,
 * heading marks dropped; everything else shows as written.
 */
const textHtml = (text: string) =>
	escapeHtml(text)
		.split('\n')
		.map((line) => line.replace(/^#{1,6}\s+/, '').replace(/\*\*(.+?)\*\*/g, '<b>$1</b>'))
		.join('<br>');

/** The form field that carries the confirmation value. */
export const CONFIRMATION_FIELD = 'confirmation';

export interface ConfirmationPage {
	title: string;
	message: string;
	/** The answer the link stands for, as its button says it (Approve, Decline or their labels). */
	answer: string;
	approved: boolean;
	/** What the form posts back to prove it came from this page. */
	confirmation: string;
	/** Why an earlier POST was refused. */
	problem?: string;
}

/**
 * What opening an Approve / Decline link shows: the question and the chosen answer, with one
 * button that posts the form back to the same signed URL. Only that POST records the answer, so a
 * link scanner or preview fetching the URL records nothing.
 */
export function confirmationPage(p: ConfirmationPage): string {
	const title = p.title || 'Approval';
	return page(
		`${p.answer} · ${title}`,
		`<h1>${escapeHtml(title)}</h1>` +
			(p.message ? `<div class="message">${textHtml(p.message)}</div>` : '') +
			`<p class="answer">Your answer: <b>${escapeHtml(p.answer)}</b></p>` +
			(p.problem ? `<p class="problem">${escapeHtml(p.problem)}</p>` : '') +
			`<form method="post"><input type="hidden" name="${CONFIRMATION_FIELD}" value="${escapeHtml(p.confirmation)}">` +
			`<button type="submit"${p.approved ? '' : ' class="decline"'}>Confirm: ${escapeHtml(p.answer)}</button></form>` +
			'<p class="hint">Nothing is recorded until you press the button.</p>',
	);
}

/** After a recorded answer: what was recorded, in both languages. */
export function recordedPage(answer: string, answerZh: string): string {
	return page(
		'Response recorded',
		`<h1>✓ ${escapeHtml(answer)}</h1><p class="zh">已记录：${escapeHtml(answerZh)}</p><p>Your response was recorded. You can close this page.</p><p class="zh">您的回复已提交，可以关闭此页面。</p>`,
	);
}

/** The reply form of a free-text Send and Wait; posts back to the same signed URL. */
export function replyFormPage(
	title: string,
	message: string,
	buttonLabel: string,
	problem?: string,
): string {
	return page(
		title || 'Reply',
		`<h1>${escapeHtml(title || 'Reply')}</h1>${message ? `<p>${textHtml(message)}</p>` : ''}` +
			(problem ? `<p style="color:#ff5219">${escapeHtml(problem)}</p>` : '') +
			`<form method="post"><textarea name="response" required placeholder="Your reply / 请输入回复"></textarea><button type="submit">${escapeHtml(buttonLabel || 'Send')}</button></form>`,
	);
}

/** For link-preview robots that fetch the URL without a person behind it: nothing is recorded. */
export function previewPage(): string {
	return page(
		'DingTalk approval',
		'<h1>Open this link in DingTalk to respond</h1><p class="zh">请在钉钉中打开此链接进行回复。</p>',
	);
}
