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
	'.answer{font-size:18px;color:#171a1d;margin:18px 0}.hint{font-size:13px;color:#a2a3a5;margin-top:16px}.problem{color:#ff5219}' +
	'form.fields{text-align:left}form.fields label{display:block;font-weight:600;margin:14px 0 4px}form.fields label.choice{font-weight:400;margin:4px 0}' +
	'form.fields input:not([type=radio]):not([type=checkbox]),form.fields select{width:100%;box-sizing:border-box;font:inherit;padding:8px;border:1px solid #d9dadc;border-radius:8px}form.fields button{margin-top:18px}';

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

/** What someone not in the approver list sees: the configured text; nothing was recorded. */
export function refusedPage(text: string): string {
	return page(
		'Not recorded',
		`<h1>${escapeHtml(text || 'You are not authorized to respond to this request.')}</h1><p class="zh">您无权回复此请求，未记录任何内容。</p>`,
	);
}

/** A field of the custom form page, as the form page needs it (see sendAndWait.form.ts). */
export interface PageField {
	fieldLabel: string;
	fieldType: string;
	placeholder?: string;
	requiredField?: boolean;
	options?: string[];
}

function fieldHtml(field: PageField, index: number): string {
	const name = `field-${index}`;
	const required = field.requiredField ? ' required' : '';
	const placeholder = field.placeholder ? ` placeholder="${escapeHtml(field.placeholder)}"` : '';
	const label = `<label for="${name}">${escapeHtml(field.fieldLabel)}${field.requiredField ? ' *' : ''}</label>`;
	const choices = (type: 'radio' | 'checkbox') =>
		(field.options ?? [])
			.map(
				(option, n) =>
					`<label class="choice"><input type="${type}" name="${name}" value="${escapeHtml(option)}"${type === 'radio' && n === 0 ? required : ''}> ${escapeHtml(option)}</label>`,
			)
			.join('');
	switch (field.fieldType) {
		case 'hiddenField':
			return '';
		case 'textarea':
			return `${label}<textarea id="${name}" name="${name}"${placeholder}${required}></textarea>`;
		case 'dropdown':
			return `${label}<select id="${name}" name="${name}"${required}><option value=""></option>${(field.options ?? []).map((o) => `<option value="${escapeHtml(o)}">${escapeHtml(o)}</option>`).join('')}</select>`;
		case 'radio':
			return `${label}<div>${choices('radio')}</div>`;
		case 'checkbox':
			return `${label}<div>${choices('checkbox')}</div>`;
		default: {
			const type = ['number', 'email', 'password', 'date'].includes(field.fieldType)
				? field.fieldType
				: 'text';
			return `${label}<input id="${name}" type="${type}" name="${name}"${type === 'number' ? ' step="any"' : ''}${placeholder}${required}>`;
		}
	}
}

export interface CustomFormPage {
	title: string;
	description: string;
	buttonLabel: string;
	fields: PageField[];
	/** What the form posts back to prove it came from this page. */
	confirmation: string;
	problem?: string;
}

/**
 * The custom form: every label, option and text escaped, no scripts; it posts back to the same
 * signed URL with the confirmation value, so only a submitted form records an answer. Multipart:
 * n8n accepts nothing else for a send-and-wait custom form (and parses it into `body.data`).
 */
export function customFormPage(p: CustomFormPage): string {
	const title = p.title || 'Response';
	return page(
		title,
		`<h1>${escapeHtml(title)}</h1>` +
			(p.description ? `<div class="message">${textHtml(p.description)}</div>` : '') +
			(p.problem ? `<p class="problem">${escapeHtml(p.problem)}</p>` : '') +
			`<form method="post" enctype="multipart/form-data" class="fields"><input type="hidden" name="${CONFIRMATION_FIELD}" value="${escapeHtml(p.confirmation)}">` +
			p.fields.map((field, index) => fieldHtml(field, index)).join('') +
			`<button type="submit">${escapeHtml(p.buttonLabel || 'Submit')}</button></form>`,
	);
}
