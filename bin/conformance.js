#!/usr/bin/env node
// The published bin runs the TypeScript sources through tsx, so a fresh clone needs no build step.
require('tsx/cjs');
require('../cli/main.ts');
