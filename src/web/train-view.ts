/** Training: start a job on the server and watch live loss curves, one per sub-model (uPlot). */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api, type EpochRecord, type Job } from './api';

export class TrainView {
  private charts = new Map<string, uPlot>();
  private timer = 0;

  constructor(
    private readonly charts_: HTMLElement,
    private readonly status: HTMLElement,
    private readonly statusText: HTMLElement,
    private readonly progress: HTMLProgressElement,
  ) {}

  /** Polls the training job and redraws until it ends; safe to call repeatedly. */
  watch(): void {
    window.clearTimeout(this.timer);
    const poll = async () => {
      const { job, histories } = await api.training();
      if (job) this.show(job, histories);
      if (job && (job.status === 'running' || job.status === 'queued')) this.timer = window.setTimeout(() => void poll(), 1000);
    };
    void poll();
  }

  private show(job: Job, histories: Record<string, EpochRecord[]>): void {
    this.status.hidden = false;
    const p = job.progress;
    this.progress.value = p && p.total ? p.done / p.total : job.status === 'done' ? 1 : 0;
    const model = String(job.info['model']);
    const state = job.status === 'failed' ? `failed: ${job.error}` : job.status === 'done' ? 'finished' : p ? `${p.phase} ${p.done}/${p.total}` : job.status;
    this.statusText.textContent = `${model}: ${state}`;
    this.status.dataset['state'] = job.status;
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
      this.charts_.append(box);
      chart = new uPlot(
        {
          width: 420,
          height: 220,
          scales: { x: { time: false } },
          axes: [{ label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500] }, { label: 'MSE' }],
          series: [{ label: 'epoch' }, { label: 'training', stroke: '#1f77b4', width: 2 }, { label: 'validation', stroke: '#ff7f0e', width: 2 }],
        },
        data,
        box,
      );
      this.charts.set(part, chart);
    } else chart.setData(data);
    this.charts_.querySelector<HTMLElement>(`[data-part="${part}"]`)!.dataset['points'] = String(history.length);
  }
}
