/**
 * The Mix view's practice box: the practice settings (practice/options.ts, the CLI's table)
 * as a form, a practice version made on the server, and the version played and downloaded.
 */
import { $ } from './dom';
import { PRACTICE_OPTIONS, practiceWords, type PracticeSettings } from '../practice/options';
import { progressWords } from '../progress';
import { api, followJob, type RemixRecord } from './api';


/** The form's fields, made once from the table: numbers with their bounds, flags as checkboxes. */
function buildForm(form: HTMLFormElement): void {
  form.replaceChildren();
  for (const spec of PRACTICE_OPTIONS) {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.name = spec.key;
    if (spec.type === 'boolean') {
      label.className = 'check';
      input.type = 'checkbox';
      label.append(input, ` ${spec.help}`);
    } else if (spec.type === 'integer' || spec.type === 'number') {
      input.type = 'number';
      if (spec.min !== undefined) input.min = String(spec.min);
      if (spec.max !== undefined) input.max = String(spec.max);
      input.step = '1';
      input.value = String(spec.default ?? '');
      label.append(`${spec.key[0]!.toUpperCase()}${spec.key.slice(1)}${spec.placeholder ? ` (${spec.placeholder})` : ''}: ${spec.help}`, input);
    }
    form.append(label);
  }
  const button = document.createElement('button');
  button.type = 'submit';
  button.id = 'make-practice';
  button.textContent = 'Make the practice version';
  form.append(button);
}

function readForm(form: HTMLFormElement): Partial<PracticeSettings> {
  const values: Record<string, number | boolean> = {};
  for (const spec of PRACTICE_OPTIONS) {
    const input = form.elements.namedItem(spec.key) as HTMLInputElement;
    values[spec.key] = spec.type === 'boolean' ? input.checked : Number(input.value);
  }
  return values as Partial<PracticeSettings>;
}

export class PracticeView {
  private record: RemixRecord | null = null;

  constructor(private readonly onMade: (id: string) => Promise<RemixRecord>) {
    const form = $<HTMLFormElement>('#practice-form');
    buildForm(form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.make(readForm(form));
    });
  }

  show(record: RemixRecord): void {
    this.record = record;
    $('#practice-box').hidden = !record.playsNotes || !record.result?.midi;
    $('#practice-error').hidden = true;
    const made = record.practice;
    $('#practice-result').hidden = !made;
    $('#practice-status').textContent = made ? `The last practice version: ${practiceWords(made.settings)}, ${made.seconds.toFixed(1)} s` : '';
    if (made) {
      // A new version gets a new address, so the player does not keep the old one.
      const stamp = `?v=${encodeURIComponent(practiceWords(made.settings))}-${made.seconds.toFixed(2)}`;
      $<HTMLAudioElement>('#practice-audio').src = api.practiceUrl(record.id, 'practice.wav') + stamp;
      $<HTMLAnchorElement>('#practice-wav').href = api.practiceUrl(record.id, 'practice.wav');
      $<HTMLAnchorElement>('#practice-midi').href = api.practiceUrl(record.id, 'practice.mid');
    }
  }

  private async make(settings: Partial<PracticeSettings>): Promise<void> {
    const record = this.record;
    if (!record) return;
    const button = $<HTMLButtonElement>('#make-practice');
    const status = $('#practice-status');
    button.disabled = true;
    $('#practice-error').hidden = true;
    status.textContent = 'making the practice version…';
    try {
      const job = await api.practice(record.id, settings);
      const ended = await followJob(job.id, (j) => {
        if (j.progress) status.textContent = progressWords(j.progress);
      });
      if (ended.status !== 'done') throw new Error(ended.error ?? `the practice version ${ended.status}`);
      this.show(await this.onMade(record.id));
    } catch (error) {
      $('#practice-error').textContent = (error as Error).message;
      $('#practice-error').hidden = false;
      status.textContent = '';
    } finally {
      button.disabled = false;
    }
  }
}
