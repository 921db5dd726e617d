import type { Command } from 'commander';
import { ANALYSIS_EVAL_OPTIONS, evaluateAnalysis, formatAnalysisReport, type AnalysisEvalOptions } from '../../eval/analysis-eval.js';
import { progressDisplay } from '../progress-display.js';
import { addOptions, optionValues } from '../options.js';
import { action } from '../run-action.js';

export function registerEvalAnalysis(program: Command): void {
  const command = program.command('eval-analysis').description("measure the listening (tempo, beats, downbeats, key, chords) against a dataset's scores");
  addOptions(command, ANALYSIS_EVAL_OPTIONS).action(
    action(async (parsed: Record<string, unknown>) => {
      const options = optionValues(ANALYSIS_EVAL_OPTIONS, parsed) as AnalysisEvalOptions;
      const display = progressDisplay('eval-analysis');
      let report;
      try {
        report = await evaluateAnalysis({ ...options, onProgress: display.update });
      } finally {
        display.stop();
      }
      process.stdout.write(formatAnalysisReport(report));
      if (options.out) process.stdout.write(`\nreport: ${options.out}/report.md, ${options.out}/report.json\n`);
    }),
  );
}
