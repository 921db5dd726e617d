/**
 * Compare: each model's evaluation, led by fit to the solo and note onsets, then the
 * sound (spectral distance) and harmony (chroma) per stem; every column explained in
 * a line, the best model or baseline per column in bold, and the pictures. Models
 * without an evaluation (or with one from an older Remixer) can be evaluated here.
 */
import { api, followJob, waitingText, type DatasetListing, type EvalReport, type ModelListing } from './api';
import { bestSystem, FIT_METRICS, METRIC_INFO, REPORT_VERSION, type FitMetric, type Metric, type StemMetric } from '../eval/report';
import type { Stem } from '../config';
import { escape } from './escape';


function value(report: EvalReport, system: string, metric: Metric, stem: Stem | null): number | null {
  const summary = report.summary[system];
  const spread = stem === null ? summary?.fit[metric as FitMetric] : summary?.stems[stem]?.[metric as StemMetric];
  return spread ? spread.median : null;
}

/** A table: systems × columns (metric, stem), best per column in bold. */
function table(report: EvalReport, columns: [Metric, Stem | null][], caption: string): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = 'eval-block';
  const head = columns.map(([m, stem]) => `<th scope="col" title="${escape(METRIC_INFO[m].explanation)}">${stem ? `${stem}<br>` : ''}${METRIC_INFO[m].label}</th>`).join('');
  const rows = report.systems
    .map((system) => {
      const cells = columns.map(([m, stem]) => {
        const v = value(report, system.name, m, stem);
        const text = v === null ? '—' : v.toFixed(METRIC_INFO[m].digits);
        return bestSystem(report, m, stem) === system.name ? `<td class="best"><strong>${text}</strong></td>` : `<td>${text}</td>`;
      });
      return `<tr class="${system.kind}"><th scope="row" title="${escape(system.description)}">${escape(system.name)}</th>${cells.join('')}</tr>`;
    })
    .join('');
  const explained = [...new Set(columns.map(([m]) => m))].map((m) => `<li><b>${METRIC_INFO[m].label}</b>: ${escape(METRIC_INFO[m].explanation)}</li>`).join('');
  figure.innerHTML = `<figcaption>${escape(caption)}</figcaption><table class="eval"><thead><tr><th>system</th>${head}</tr></thead><tbody>${rows}</tbody></table><ul class="explain">${explained}</ul>`;
  return figure;
}

function evaluationView(modelId: string, report: EvalReport): HTMLElement {
  const box = document.createElement('div');
  const stems = report.stems;
  box.append(
    table(report, FIT_METRICS.map((m) => [m, null]), 'Fit to the solo (whole band)'),
    table(report, stems.map((s) => ['onsetF1', s]), 'Note onsets per stem'),
    table(report, stems.map((s) => ['spectralDistance', s]), 'Sound per stem'),
    table(report, stems.filter((s) => s !== 'drums').map((s) => ['chroma', s]), 'Harmony per stem'),
  );
  const note = document.createElement('p');
  note.className = 'note';
  note.textContent = `Medians over the ${report.dataset.songs} songs of the ${report.dataset.split} split; baselines from ${report.baselinesFrom.why}. Bold: the best model or baseline in the column (true-stems is the reference). The echo fits the solo's harmony by construction — read fit beside the sound table.`;
  box.append(note);
  for (const picture of report.pictures) {
    const img = document.createElement('img');
    img.className = 'eval-picture';
    img.alt = `${picture.song}: true and generated stems`;
    img.src = api.evalFileUrl(modelId, picture.file);
    box.append(img);
  }
  return box;
}

export async function renderCompare(container: HTMLElement, models: ModelListing[], datasets: DatasetListing[]): Promise<void> {
  container.replaceChildren();
  if (models.length === 0) container.textContent = 'No models yet: train one in the Train tab or with `remixer train`.';
  for (const model of models) {
    const section = document.createElement('section');
    section.className = 'model-eval';
    section.dataset['model'] = model.id;
    section.innerHTML = `<h2>${escape(model.id)}</h2><p>${escape(model.architecture)}, ${escape(model.representation)}, ${escape(model.sourceStem)} → band, ${model.sampleRate} Hz (${escape(model.status)})</p>`;
    container.append(section);
    const report = model.hasEval ? await api.evaluation(model.id) : null;
    const current = report && report.version === REPORT_VERSION;
    if (current) section.append(evaluationView(model.id, report));
    else if (model.trained) {
      if (report) section.insertAdjacentHTML('beforeend', '<p class="note">This evaluation is from an older Remixer; evaluate again to see fit and note onsets.</p>');
      const compatible = datasets.filter((d) => d.sampleRate === model.sampleRate);
      const form = document.createElement('form');
      form.innerHTML = `<label>Evaluate on <select name="dataset">${compatible.map((d) => `<option>${escape(d.id)}</option>`).join('')}</select></label> <button type="submit">Evaluate</button> <span class="eval-status"></span>`;
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const status = form.querySelector<HTMLElement>('.eval-status')!;
        const dataset = new FormData(form).get('dataset');
        if (!dataset) return;
        void api.evaluate(model.id, String(dataset)).then((job) =>
          followJob(job.id, (j) => (status.textContent = j.status === 'queued' ? waitingText(j) : j.progress ? `${j.progress.phase} ${j.progress.done}/${j.progress.total}` : j.status), 1000).then(async (j) => {
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
