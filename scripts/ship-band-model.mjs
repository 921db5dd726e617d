#!/usr/bin/env node
// Copies a trained score model into models/band/, the band model Remixer ships: the
// files inference needs (remixer.json, model.json and its weights) and the training
// record (history.json, loss.svg); the dataset's absolute folder is left out of
// remixer.json (it names the machine it was trained on; evaluations take
// --baselines-from instead). The model card (models/band/CARD.md) is written by hand
// from the evaluation reports. Usage: node scripts/ship-band-model.mjs MODELDIR
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [from] = process.argv.slice(2);
if (!from) {
  process.stderr.write('usage: node scripts/ship-band-model.mjs MODELDIR\n');
  process.exit(2);
}
const to = fileURLToPath(new URL('../models/band', import.meta.url));
const config = JSON.parse(await fs.readFile(join(from, 'remixer.json'), 'utf8'));
if (config.representation?.type !== 'score' || config.summary?.status !== 'trained') {
  process.stderr.write(`${from}: not a finished score model\n`);
  process.exit(1);
}
const manifest = JSON.parse(await fs.readFile(join(from, 'model.json'), 'utf8'));
const weights = manifest.weightsManifest.flatMap((group) => group.paths);
await fs.mkdir(to, { recursive: true });
for (const name of await fs.readdir(to)) if (name !== 'CARD.md') await fs.rm(join(to, name), { recursive: true, force: true });
delete config.dataset.dir;
await fs.writeFile(join(to, 'remixer.json'), JSON.stringify(config, null, 2) + '\n');
for (const name of ['model.json', ...weights, 'history.json', 'loss.svg']) await fs.copyFile(join(from, name), join(to, name));
process.stdout.write(`${to}: ${['remixer.json', 'model.json', ...weights].join(', ')}\n`);
