/**
 * Training: watch the server's training job — overall progress across epochs and
 * sub-models with an ETA, Stop (the checkpoint stays) and Resume, and live loss
 * curves, one per sub-model (uPlot). Start is disabled while a job runs.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api, type EpochRecord, type Job } from './api';
import { trainingTotals } from '../progress';
import { formatTime } from './mixer';

export interface TrainElements {
  charts: HTMLElement;
  status: HTMLElement;
  statusText: HTMLElement;
  progress: HTMLProgressElement;
  start: HTMLButtonElement;
  stop: HTMLButtonElement;
  resume: HTMLButtonElement;
}

const ACTIVE = new Set(['running', 'queued']);

/** Seconds left, from the rate seen since the first observation of this job (null until it moves). */
export function etaSeconds(first: { at: number; done: number }, now: number, done: number, total: number): number | null {
  const rate = (done - first.done) / ((now - first.at) / 1000);
  return rate > 0 ? (total - done) / rate : null;
}

export class TrainView {
  private charts = new Map<string, uPlot>();
  private timer = 0;
  private first: { job: string; at: number; done: number } | null = null;
  private lastStatus = '';

  /** `onFinished` runs when a job ends (the page refreshes its model list). */
  constructor(
    private readonly el: TrainElements,
    private readonly onFinished: () => void,
  ) {
    el.stop.addEventListener('click', () => {
      el.stop.disabled = true;
      void api.stopTraining().then(() => this.watch(), (e: Error) => this.fail(e));
    });
    el.resume.addEventListener('click', () => {
      el.resume.disabled = true;
      void api.resumeTraining().then(() => this.watch(), (e: Error) => this.fail(e));
    });
  }

  private fail(error: Error): void {
    this.el.statusText.textContent = error.message;
    this.watch();
  }

  /** Polls the training job and redraws until it ends; safe to call repeatedly. */
  watch(): void {
    window.clearTimeout(this.timer);
    const poll = async () => {
      const { job, histories } = await api.training();
      if (job) this.show(job, histories);
      this.el.start.disabled = !!job && ACTIVE.has(job.status);
      if (job && ACTIVE.has(job.status)) this.timer = window.setTimeout(() => void poll(), 1000);
    };
    void poll();
  }

  private show(job: Job, histories: Record<string, EpochRecord[]>): void {
    const { status, statusText, progress, stop, resume } = this.el;
    status.hidden = false;
    const parts = job.progress?.training?.parts ?? [];
    const { done, total } = trainingTotals(parts);
    if (this.first?.job !== job.id) this.first = { job: job.id, at: Date.now(), done };
    progress.value = total > 0 ? done / total : job.status === 'done' ? 1 : 0;
    const model = String(job.info['model']);
    let state: string;
    if (job.status === 'failed') state = `failed: ${job.error}`;
    else if (job.status === 'done') state = 'finished: the model is in the Remix list';
    else if (job.status === 'stopped') state = 'stopped: Resume continues from the last finished epoch';
    else if (job.status === 'interrupted') state = 'interrupted by a server stop: it resumes when the server starts';
    else if (job.status === 'queued') state = 'waiting…';
    else if (total > 0) {
      const eta = etaSeconds(this.first, Date.now(), done, total);
      const epochs = parts.map((p) => `${parts.length > 1 ? `${p.part} ` : ''}epoch ${p.epoch}/${p.epochs}`).join(', ');
      state = `${Math.round((100 * done) / total)}% · ${epochs}${eta !== null ? ` · about ${formatTime(eta)} left (at most: it stops early when validation stops improving)` : ''}`;
    } else state = job.progress ? `${job.progress.phase} ${job.progress.done}/${job.progress.total}` : job.status;
    statusText.textContent = `${model}: ${state}`;
    status.dataset['state'] = job.status;
    status.dataset['done'] = String(done);
    status.dataset['total'] = String(total);
    stop.hidden = !ACTIVE.has(job.status);
    stop.disabled = false;
    resume.hidden = job.status !== 'stopped';
    resume.disabled = false;
    if (this.lastStatus && this.lastStatus !== job.status && !ACTIVE.has(job.status)) this.onFinished();
    this.lastStatus = job.status;
    for (const [part, history] of Object.entries(histories)) this.draw(part, history);
  }

  private draw(part: string, history: EpochRecord[]): void {
    const data: uPlot.AlignedData = [history.map((h) => h.epoch), history.map((h) => h.loss), history.map((h) => h.valLoss)];
    let chart = this.charts.get(part);
    if (!chart) {
      const box = document.createElement('figure');
      box.className = 'loss-chart';
      box.dataset['part'] = part;
      box.innerHTML = `<figcaption>${part === 'all' ? 'loss' : `${part} sub-model loss`}</figcaption>`;
      this.el.charts.append(box);
      chart = new uPlot(
        {
          width: 420,
          height: 220,
          scales: { x: { time: false } },
          axes: [{ label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500] }, { label: 'loss' }],
          series: [{ label: 'epoch' }, { label: 'training', stroke: '#1f77b4', width: 2 }, { label: 'validation', stroke: '#ff7f0e', width: 2 }],
        },
        data,
        box,
      );
      this.charts.set(part, chart);
    } else chart.setData(data);
    this.el.charts.querySelector<HTMLElement>(`[data-part="${part}"]`)!.dataset['points'] = String(history.length);
  }
}
