/**
 * The listeners Remixer can hear with, by name: `learned` (the shipped model,
 * models/listener), `dsp` (the hand-tuned pipeline of analysis/, for comparison), or
 * the folder of a listener trained with `remixer train-listener`. A learned listener
 * is loaded once per process and kept.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LearnedListener } from './listener.js';
import { LISTENER_JSON, SHIPPED_LISTENER_DIR } from './saved.js';

export const LISTENER_NAMES = ['learned', 'dsp'] as const;
/** 'learned', 'dsp', or a listener model's folder. */
export type ListenerChoice = (typeof LISTENER_NAMES)[number] | (string & {});

/** The learned listener when its model is there (it ships with Remixer), else the DSP one. */
export function defaultListener(): ListenerChoice {
  return existsSync(join(SHIPPED_LISTENER_DIR, LISTENER_JSON)) ? 'learned' : 'dsp';
}

const loaded = new Map<string, Promise<LearnedListener>>();

/** The learned listener of `choice` ('learned' or a folder), loaded once. */
export function learnedListener(choice: ListenerChoice): Promise<LearnedListener> {
  const dir = resolve(choice === 'learned' ? SHIPPED_LISTENER_DIR : choice);
  let listener = loaded.get(dir);
  if (!listener) {
    listener = LearnedListener.load(dir);
    loaded.set(dir, listener);
    listener.catch(() => loaded.delete(dir));
  }
  return listener;
}
