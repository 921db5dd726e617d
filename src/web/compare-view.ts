/** Compare: each model's evaluation against the baselines, as tables; models without one can be evaluated. */
import { api, followJob, type DatasetListing, type EvalReport, type ModelListing, type Spread } from './api';
import { METRICS, METRIC_LABELS } from '../eval/report';

const COLUMNS = METRICS.map((metric) => [metric, METRIC_LABELS[metric]] as const);

const cell = (s: Spread | null | undefined, digits: number) => (s ? s.median.toFixed(digits) : '—');

function table(report: EvalReport): HTMLTableElement {
  const t = document.createElement('table');
  t.className = 'eval';
  const head = report.stems.map((stem) => `<th colspan="3">${stem}</th>`).join('');
  const sub = report.stems.map(() => COLUMNS.map(([, label]) => `<th>${label}</th>`).join('')).join('');
  const rows = report.systems
    .map((system) => `<tr><th scope="row">${system}</th>${report.stems.map((stem) => COLUMNS.map(([key], i) => `<td>${cell(report.summary[system]?.[stem]?.[key], i === 2 ? 3 : 1)}</td>`).join('')).join('')}</tr>`)
    .join('');
  t.innerHTML = `<thead><tr><th rowspan="2">system</th>${head}</tr><tr>${sub}</tr></thead><tbody>${rows}</tbody>`;
  return t;
}

export async function renderCompare(container: HTMLElement, models: ModelListing[], datasets: DatasetListing[]): Promise<void> {
  container.replaceChildren();
  if (models.length === 0) container.textContent = 'No models yet: train one in the Train tab or with `remixer train`.';
  for (const model of models) {
    const section = document.createElement('section');
    section.className = 'model-eval';
    section.dataset['model'] = model.id;
    section.innerHTML = `<h2>${model.id}</h2><p>${model.architecture}, ${model.representation}, ${model.sourceStem} → stems, ${model.sampleRate} Hz (${model.status})</p>`;
    container.append(section);
    if (model.hasEval) {
      const report = await api.evaluation(model.id);
      section.append(table(report));
      const note = document.createElement('p');
      note.className = 'note';
      note.textContent = `Medians over the ${report.dataset.songs} songs of the ${report.dataset.split} split; the model should beat retrieval, mean-spectrum and silence, and true-stems shows the best possible scores.`;
      section.append(note);
    } else if (model.trained) {
      const compatible = datasets.filter((d) => d.sampleRate === model.sampleRate);
      const form = document.createElement('form');
      form.innerHTML = `<label>Evaluate on <select name="dataset">${compatible.map((d) => `<option>${d.id}</option>`).join('')}</select></label> <button type="submit">Evaluate</button> <span class="eval-status"></span>`;
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const status = form.querySelector<HTMLElement>('.eval-status')!;
        const dataset = new FormData(form).get('dataset');
        if (!dataset) return;
        void api.evaluate(model.id, String(dataset)).then((job) =>
          followJob(job.id, (j) => (status.textContent = j.progress ? `${j.progress.phase} ${j.progress.done}/${j.progress.total}` : j.status), 1000).then(async (j) => {
            if (j.status !== 'done') status.textContent = `failed: ${j.error}`;
            else await renderCompare(container, await api.models(), datasets);
          }),
          (error: Error) => (status.textContent = error.message),
        );
      });
      section.append(form);
    }
  }
}
