/** The history: every remix the server keeps, newest first, to open again or delete (its files go too). */
import { api, type RemixRecord } from './api';
import { formatTime } from './mixer';
import { escape } from './escape';
import { styleWords } from '../remix/style-words';

/** `deleted` is told of a remix deleted here (the page closes it when it is the open one). */
export async function renderHistory(container: HTMLElement, open: (record: RemixRecord) => void, deleted: (id: string) => void = () => {}): Promise<void> {
  const records = await api.remixes();
  container.replaceChildren();
  if (records.length === 0) {
    container.innerHTML = '<p class="note">No remixes yet: make one in the Remix tab. They stay here across reloads and server restarts.</p>';
    return;
  }
  const list = document.createElement('ul');
  list.className = 'history';
  for (const record of records) {
    const item = document.createElement('li');
    item.dataset['remix'] = record.id;
    item.dataset['status'] = record.status;
    const heard = record.result?.analysis ? ` · ${record.result.analysis.tempo.bpm.toFixed(0)} BPM, ${escape(record.result.analysis.key.name)}` : '';
    const length = record.result ? ` · ${formatTime(record.result.seconds)}` : '';
    const style = styleWords(record.result?.style, record.result?.styleConfidence);
    item.innerHTML = `<div>${record.name ? `<b data-role="name">${escape(record.name)}</b>: ` : ''}<b>${escape(record.fileName)}</b> → ${escape(record.modelLabel)}${style ? ` · <span data-role="style">${escape(style)}</span>` : ''}<br><small>${new Date(record.createdAt).toLocaleString()}${length}${heard} · ${record.status}${record.error ? `: ${escape(record.error)}` : ''}</small></div>
      <input data-role="name-input" aria-label="a name for the remix of ${escape(record.fileName)}" placeholder="a name" maxlength="60" size="12" value="${escape(record.name ?? '')}" />
      <button type="button" data-role="rename">Name it</button>
      <button type="button" data-role="open"${record.result ? '' : ' disabled'}>Open</button> <button type="button" data-role="delete"${record.status === 'running' ? ' disabled' : ''}>Delete</button>`;
    item.querySelector('[data-role=open]')!.addEventListener('click', () => open(record));
    item.querySelector('[data-role=rename]')!.addEventListener('click', () => {
      const name = (item.querySelector('[data-role=name-input]') as HTMLInputElement).value;
      void api.renameRemix(record.id, name).then(
        () => renderHistory(container, open, deleted),
        (error: Error) => {
          const input = item.querySelector('[data-role=name-input]') as HTMLInputElement;
          input.setCustomValidity(error.message);
          input.reportValidity();
        },
      );
    });
    item.querySelector('[data-role=delete]')!.addEventListener('click', () => {
      if (!confirm(`Delete the remix of ${record.fileName} and its files?`)) return;
      void api.deleteRemix(record.id).then(() => {
        deleted(record.id);
        return renderHistory(container, open, deleted);
      });
    });
    list.append(item);
  }
  container.append(list);
}
