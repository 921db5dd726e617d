/**
 * Listening to a solo with the listener asked for: `analyse(solo, sampleRate, options)`.
 * The analysis (analysis/) defines what a listener is and what it gives; the learned
 * listener (listener/) is one; the choice between them is made here, above both, so that
 * neither imports the other's way round.
 */
import { analyseWith, DSP_LISTENER, type AnalyseWith, type Analysis } from '../analysis/analyse.js';
import { defaultListener, learnedListener } from '../listener/open.js';

/** What the listener `options.listener` ('learned' by default, 'dsp', or a listener folder) hears in a solo at any rate. */
export async function analyse(solo: Float32Array, sampleRate: number, options: AnalyseWith = {}): Promise<Analysis> {
  const choice = options.listener ?? defaultListener();
  const listener = choice === 'dsp' ? DSP_LISTENER : await learnedListener(choice);
  return analyseWith(listener, choice, solo, sampleRate, options);
}
