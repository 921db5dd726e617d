import type { Command } from 'commander';
import { GATE_OPTIONS } from '../../gate/options.js';
import type { GateOptions } from '../../gate/gate.js';
import { progressDisplay } from '../progress-display.js';
import { addOptions, optionValues } from '../options.js';
import { action } from '../run-action.js';

export function registerGate(program: Command): void {
  const command = program.command('gate').description('the release gate: the shipped listener and band (or candidates) on the human development set, beside the template band, the template given the truth and the true parts; exits 1 unless every criterion passes');
  addOptions(command, GATE_OPTIONS).action(
    action(async (parsed: Record<string, unknown>) => {
      const options = optionValues(GATE_OPTIONS, parsed) as GateOptions;
      const { runGate, formatGate } = await import('../../gate/gate.js');
      const display = progressDisplay('gate');
      let report;
      try {
        report = await runGate({ ...options, onProgress: display.update });
      } finally {
        display.stop();
      }
      process.stdout.write(formatGate(report));
      if (!report.pass) process.exitCode = 1;
    }),
  );
}
