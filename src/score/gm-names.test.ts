import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GM_PROGRAM_NAMES, gmProgramName } from './gm-names.js';

test('General MIDI program names (hand-checked against the General MIDI 1 list, 0-based)', () => {
  assert.equal(GM_PROGRAM_NAMES.length, 128);
  assert.equal(new Set(GM_PROGRAM_NAMES).size, 128, 'no name twice');
  assert.equal(gmProgramName(0), 'Acoustic grand piano');
  assert.equal(gmProgramName(26), 'Jazz guitar', 'the shipped band\'s "other" (General MIDI 27)');
  assert.equal(gmProgramName(33), 'Electric bass (finger)');
  assert.equal(gmProgramName(48), 'String ensemble 1');
  assert.equal(gmProgramName(65), 'Alto sax');
  assert.equal(gmProgramName(127), 'Gunshot');
  assert.equal(gmProgramName(128), 'General MIDI program 129');
});
