#!/usr/bin/env node
// The compiled CLI (npm run build, run by `npm ci` through the prepare script).
import '../dist/cli/main.js';
