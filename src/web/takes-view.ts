/**
 * The Mix view's takes: every remix, new take, replay and instrument change, in the order
 * made, each with its name (renamed in place), what made it, its style, seeds and
 * corrections; undo and redo (buttons, Ctrl+Z and Ctrl+Shift+Z) go to the take before or
 * after the current one; A/B plays two takes' mastered remixes, switching where you are.
 */
import { $ } from './dom';
import { api, type RemixRecord } from './api';
import type { TakeRecord } from '../server/api-types';
import { styleWords } from '../remix/style-words';
import { escape } from './escape';


/** What a take was made with, in a line. */
export function takeLine(take: TakeRecord): string {
  const seeds = Object.entries(take.settings.seeds).map(([stem, seed]) => `${stem} ${seed}`).join(', ');
  const corrections = take.settings.corrections ? Object.entries(take.settings.corrections).map(([k, v]) => `${k} ${String(v)}`).join(', ') : '';
  const style = styleWords(take.result.style, take.result.styleConfidence);
  return [take.kind, ...(style ? [`style ${style}`] : []), ...(seeds ? [`seeds: ${seeds}`] : []), ...(corrections ? [`corrected: ${corrections}`] : [])].join(' · ');
}

export class TakesView {
  private record: RemixRecord | null = null;
  private marks: { a: number | null; b: number | null } = { a: null, b: null };
  /** Which of A and B plays now (null: neither). */
  private playing: 'a' | 'b' | null = null;

  /** `open`: shows a record in the Mix view again (after undo, redo or going to a take). */
  constructor(private readonly open: (record: RemixRecord) => Promise<void>) {
    $('#undo-take').addEventListener('click', () => void this.step(-1));
    $('#redo-take').addEventListener('click', () => void this.step(1));
    $('#ab-takes').addEventListener('click', () => void this.switchAB());
    document.addEventListener('keydown', (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 'z' || !this.record || $('#tab-mix').hidden) return;
      if ((event.target as HTMLElement).closest('input, select, textarea')) return;
      event.preventDefault();
      void this.step(event.shiftKey ? 1 : -1);
    });
  }

  show(record: RemixRecord): void {
    if (this.record?.id !== record.id) {
      this.marks = { a: null, b: null };
      this.stopAB();
    }
    this.record = record;
    const takes = record.takes ?? [];
    $('#takes-box').hidden = takes.length === 0;
    const at = takes.findIndex((t) => t.n === record.take);
    $<HTMLButtonElement>('#undo-take').disabled = at <= 0;
    $<HTMLButtonElement>('#redo-take').disabled = at < 0 || at >= takes.length - 1;
    const list = $('#takes');
    list.replaceChildren();
    for (const take of takes) {
      const item = document.createElement('li');
      item.dataset['take'] = String(take.n);
      item.dataset['current'] = String(take.n === record.take);
      item.innerHTML = `<input aria-label="name of take ${take.n}" data-role="name" value="${escape(take.name)}" maxlength="60" />
        <button type="button" data-role="rename">Rename</button>
        ${take.n === record.take ? '<strong>playing in the mixer</strong>' : '<button type="button" data-role="select">Go to this take</button>'}
        <label class="check"><input type="radio" name="take-a" data-role="a" ${this.marks.a === take.n ? 'checked' : ''}/> A</label>
        <label class="check"><input type="radio" name="take-b" data-role="b" ${this.marks.b === take.n ? 'checked' : ''}/> B</label>
        <br><small>${escape(takeLine(take))}</small>`;
      item.querySelector('[data-role=rename]')!.addEventListener('click', () => {
        const name = (item.querySelector('[data-role=name]') as HTMLInputElement).value;
        void this.run(() => api.renameTake(record.id, take.n, name)).then((renamed) => renamed && this.show(renamed));
      });
      item.querySelector('[data-role=select]')?.addEventListener('click', () => void this.run(() => api.selectTake(record.id, take.n)).then((chosen) => chosen && this.open(chosen)));
      for (const side of ['a', 'b'] as const) {
        item.querySelector(`[data-role=${side}]`)!.addEventListener('change', () => {
          this.marks[side] = take.n;
          this.sayAB();
          void this.load(side, record.id, take.n);
        });
      }
      list.append(item);
    }
    this.sayAB();
  }

  /** Loads a take into player A or B, whole (a blob plays from anywhere at once: switching keeps the place). */
  private async load(side: 'a' | 'b', id: string, n: number): Promise<void> {
    const audio = $<HTMLAudioElement>(`#take-${side}`);
    const blob = await this.run(async () => {
      const response = await fetch(api.takeUrl(id, n));
      if (!response.ok) throw new Error(`take ${n}: ${response.status} ${response.statusText}`);
      return response.blob();
    });
    if (!blob || this.marks[side] !== n) return;
    if (audio.src.startsWith('blob:')) URL.revokeObjectURL(audio.src);
    audio.src = URL.createObjectURL(blob);
    audio.dataset['take'] = String(n);
  }

  private async run<T>(work: () => Promise<T>): Promise<T | null> {
    $('#takes-error').hidden = true;
    try {
      return await work();
    } catch (error) {
      $('#takes-error').textContent = (error as Error).message;
      $('#takes-error').hidden = false;
      return null;
    }
  }

  private async step(step: -1 | 1): Promise<void> {
    if (!this.record) return;
    const id = this.record.id;
    const record = await this.run(() => (step < 0 ? api.undo(id) : api.redo(id)));
    if (record) await this.open(record);
  }

  private sayAB(): void {
    const name = (n: number | null) => (n === null ? '—' : (this.record?.takes ?? []).find((t) => t.n === n)?.name ?? `take ${n}`);
    $('#ab-status').textContent = `A: ${name(this.marks.a)}, B: ${name(this.marks.b)}${this.playing ? ` · playing ${this.playing.toUpperCase()}` : ''}`;
    $('#ab-takes').dataset['playing'] = this.playing ?? '';
    $<HTMLButtonElement>('#ab-takes').disabled = this.marks.a === null || this.marks.b === null;
  }

  /** Plays A, or switches to the other take at the same place. */
  private async switchAB(): Promise<void> {
    const next = this.playing === 'a' ? 'b' : 'a';
    const from = this.playing ? $<HTMLAudioElement>(`#take-${this.playing}`) : null;
    const to = $<HTMLAudioElement>(`#take-${next}`);
    if (to.dataset['take'] !== String(this.marks[next])) return;
    // Its length must be known before it can be sent where the other one is.
    if (to.readyState < 1) await new Promise((resolve) => to.addEventListener('loadedmetadata', resolve, { once: true }));
    if (from) {
      to.currentTime = from.currentTime;
      from.pause();
    }
    this.playing = next;
    this.sayAB();
    await to.play().catch(() => undefined);
  }

  private stopAB(): void {
    for (const side of ['a', 'b']) $<HTMLAudioElement>(`#take-${side}`).pause();
    this.playing = null;
  }
}
