/**
 * One listening in a fresh process, as `remixer analyze` runs it: the time to be ready
 * (TensorFlow.js and the listener's model loaded, for the learned listener) and the
 * time to listen to the given WAV. Prints JSON. Run by bench.ts.
 *   node --import tsx bench/listen-once.ts learned|dsp FILE
 */
import { decodeAudioFile } from '../src/io/decode.js';
import { analyse } from '../src/listen/analyse.js';
import { learnedListener } from '../src/listener/open.js';

const [listener, file] = process.argv.slice(2) as [string, string];
const audio = await decodeAudioFile(file);
const started = performance.now();
if (listener !== 'dsp') await learnedListener(listener);
const ready = performance.now();
const heard = await analyse(audio.channels[0]!, audio.sampleRate, { listener });
const done = performance.now();
process.stdout.write(JSON.stringify({ loadSeconds: (ready - started) / 1000, listenSeconds: (done - ready) / 1000, beats: heard.beats.length }) + '\n');
